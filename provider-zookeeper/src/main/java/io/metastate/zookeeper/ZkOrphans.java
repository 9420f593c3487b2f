package io.metastate.zookeeper;

import io.metastate.error.CoordinationException;
import io.metastate.session.SessionState;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * Lock nodes of ours that may or may not exist: a create or a delete whose outcome a connection loss hid. They are
 * found by their protected prefix ({@link LockNodes#newPrefix()}) and deleted once we are connected again, so that no
 * node of ours outlives the attempt that made it by more than the session.
 */
final class ZkOrphans {
  private final ZkLocks locks;
  private final ZkClient client;
  private final List<String[]> orphans = new ArrayList<>();

  ZkOrphans(ZkLocks locks) {
    this.locks = locks;
    this.client = locks.client();
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
    synchronized (orphans) {
      orphans.add(new String[] {dir, prefix});
    }
    if (client.zkSession().reportedState() == SessionState.CONNECTED && !client.isClosed()) {
      client.executor().execute(this::clean); // we may have reconnected already
    }
  }

  /** A node of ours that may or may not still exist. */
  void add(String node) {
    int slash = node.lastIndexOf('/');
    String child = node.substring(slash + 1);
    add(node.substring(0, slash), child.substring(0, child.lastIndexOf(LockNodes.LOCK_NAME)
        + LockNodes.LOCK_NAME.length()));
  }

  /** Deletes every node recorded; what cannot be done now is retried on the next reconnect. */
  void clean() {
    List<String[]> todo;
    synchronized (orphans) {
      todo = new ArrayList<>(orphans);
      orphans.clear();
    }
    for (String[] o : todo) {
      try {
        ZooKeeper zk = client.zk();
        for (String child : locks.children(zk, o[0])) {
          if (child.startsWith(o[1])) {
            deleteQuietly(o[0], o[0] + "/" + child, o[1]);
          }
        }
      } catch (KeeperException | InterruptedException | CoordinationException e) {
        synchronized (orphans) {
          orphans.add(o); // retried on the next reconnect; not rescheduled now, which would spin while offline
        }
      }
    }
  }
}
