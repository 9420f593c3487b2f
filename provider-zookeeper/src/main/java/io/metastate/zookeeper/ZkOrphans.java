package io.metastate.zookeeper;

import io.metastate.error.CoordinationException;
import io.metastate.lock.LeaseState;
import io.metastate.provider.support.ClaimLease;
import io.metastate.session.SessionState;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * Lock nodes of ours that may or may not exist: a create or a delete whose outcome a connection loss hid. They are
 * found by their protected prefix ({@link LockNodes#newPrefix()}) and deleted once we are connected again, so that no
 * node of ours outlives the attempt that made it by more than the session. A lease whose release met connection loss
 * waits here too, UNCERTAIN: RELEASED once its node is surely gone, LOST if the session ends first; it is never left
 * HELD behind, out of the session's table, as if nothing had happened.
 */
final class ZkOrphans {
  private final ZkClient client;
  private final ZkLockQueue queue;
  private final List<Orphan> orphans = new ArrayList<>();

  /** Our nodes under {@code dir} named with {@code prefix}, and the lease being released with them, if any. */
  private record Orphan(String dir, String prefix, ClaimLease<ZkClaim> lease) {}

  ZkOrphans(ZkClient client, ZkLockQueue queue) {
    this.client = client;
    this.queue = queue;
  }

  /** Deletes our node; if we cannot tell whether that worked, tries again after reconnecting. */
  void deleteQuietly(String dir, String node, String prefix) {
    try {
      ZooKeeper zk = client.zk();
      client.send(() -> {
        zk.delete(node, -1);
        return null;
      });
    } catch (KeeperException.NoNodeException gone) {
      // fine
    } catch (KeeperException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      add(dir, prefix);
    } catch (CoordinationException sessionGone) {
      // expired or closed: the node died with the session
    }
  }

  /** Our nodes under {@code dir} named with {@code prefix} may exist. */
  void add(String dir, String prefix) {
    add(new Orphan(dir, prefix, null));
  }

  private void add(Orphan orphan) {
    synchronized (orphans) {
      orphans.add(orphan);
    }
    if (client.zkSession().reportedState() == SessionState.CONNECTED && !client.isClosed()) {
      client.executor().execute(this::clean); // we may have reconnected already
    }
  }

  /** The node of {@code lease}, whose release met connection loss: it may or may not still exist. */
  void add(String node, ClaimLease<ZkClaim> lease) {
    int slash = node.lastIndexOf('/');
    String child = node.substring(slash + 1);
    add(new Orphan(node.substring(0, slash), child.substring(0, child.lastIndexOf(LockNodes.LOCK_NAME)
        + LockNodes.LOCK_NAME.length()), lease));
  }

  /**
   * The session ended: its nodes are gone with it. Leases still being released are ended by the lock service with
   * the session's other leases.
   */
  void sessionEnded() {
    synchronized (orphans) {
      orphans.clear();
    }
  }

  /** Deletes every node recorded; what cannot be done now is retried on the next reconnect. */
  void clean() {
    List<Orphan> todo;
    synchronized (orphans) {
      todo = new ArrayList<>(orphans);
      orphans.clear();
    }
    for (Orphan o : todo) {
      try {
        ZooKeeper zk = client.zk();
        for (String child : queue.syncedChildren(zk, o.dir())) {
          if (LockNodes.isOurs(child, o.prefix())) {
            delete(zk, o.dir() + "/" + child);
          }
        }
        if (o.lease() != null) {
          o.lease().moveTo(LeaseState.RELEASED); // our node is gone: the release is done
        }
      } catch (KeeperException | InterruptedException | CoordinationException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (client.zkSession().reportedState().isTerminal()) {
          if (o.lease() != null) {
            o.lease().moveTo(LeaseState.LOST); // the node died with the session
          }
        } else {
          synchronized (orphans) {
            orphans.add(o); // retried on the next reconnect; not rescheduled now, which would spin while offline
          }
        }
      }
    }
  }

  /** Deletes a node of ours; one already gone is fine. */
  void delete(ZooKeeper zk, String node) throws KeeperException, InterruptedException {
    try {
      client.send(() -> {
        zk.delete(node, -1);
        return null;
      });
    } catch (KeeperException.NoNodeException gone) {
      // deleted already
    }
  }
}
