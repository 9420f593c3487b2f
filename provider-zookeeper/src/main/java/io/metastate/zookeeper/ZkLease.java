package io.metastate.zookeeper;

import io.metastate.error.CoordinationException;
import io.metastate.lock.LeaseState;
import io.metastate.provider.support.ClaimLease;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;

/**
 * A granted lock: our lock node, whose czxid is the fencing token. Its release is the driver's ({@link ZkLockDriver}). A watch on the node turns the lease LOST when
 * someone else deletes it (force-release); the session turns it UNCERTAIN and LOST with the connection.
 */
final class ZkLease extends ClaimLease<ZkClaim> implements Watcher {
  private final ZkClient client;
  private final String node;

  ZkLease(ZkLocks locks, String name, ZkClaim claim) {
    super(locks, name, claim);
    this.client = locks.client();
    this.node = claim.node();
  }

  /** The znode of this grant. */
  String node() {
    return node;
  }

  private boolean releasing() {
    return claim().releasing;
  }

  /**
   * Starts watching our node. Asynchronous, so a grant costs no extra round trip: requests on one connection are
   * applied in order, so the watch is in place before anything we send later, and a node already gone is reported
   * by the callback.
   */
  void watchNode() {
    if (releasing() || state().isTerminal()) {
      return;
    }
    try {
      long sent = client.contact().now();
      client.zk().exists(node, this, (rc, path, ctx, stat) -> {
        client.contact().answered(rc, sent);
        if (rc == KeeperException.Code.NONODE.intValue() && !releasing()) {
          moveTo(LeaseState.LOST);
        }
      }, null);
    } catch (CoordinationException sessionGone) {
      // the session's end is reported by the session
    }
  }

  /**
   * The watch a lock attempt leaves on its lock directory with the {@code getChildren} that finds it first, so that
   * an uncontended grant costs no request beyond Curator's (create, getChildren, delete). Nothing can delete our node
   * without changing the directory's children, which fires this watch; only then does the lease put its own watch on
   * its node ({@link #watchNode()}). A fire before the grant (while waiting) is remembered and acted on at the grant.
   */
  static final class GrantWatch implements Watcher {
    private ZkLease lease;
    private boolean fired;

    @Override
    public void process(WatchedEvent event) {
      if (event.getType() == Event.EventType.None) {
        return;
      }
      ZkLease l;
      synchronized (this) {
        fired = true;
        l = lease;
      }
      if (l != null) {
        l.watchNode();
      }
    }

    /** Hands the watch to the granted lease: from now on a change of the directory checks the lease's node. */
    void attach(ZkLease granted) {
      boolean firedBefore;
      synchronized (this) {
        lease = granted;
        firedBefore = fired;
      }
      if (firedBefore) {
        granted.watchNode();
      }
    }
  }

  @Override
  public void process(WatchedEvent event) {
    switch (event.getType()) {
      case NodeDeleted -> {
        if (!releasing()) {
          moveTo(LeaseState.LOST); // force-released by someone else
        }
      }
      case NodeDataChanged, NodeCreated -> {
        // A one-shot watch fired for something harmless: watch again, without blocking the event thread.
        watchNode();
      }
      default -> {
        // connection states: the session moves leases
      }
    }
  }
}
