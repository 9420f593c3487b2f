package io.metastate.zookeeper;

import org.apache.zookeeper.Watcher;

/**
 * One contender of a lock: its protected node under the lock's directory (see {@link LockNodes}), once created. A
 * create whose reply was lost leaves {@code createUnknown} set until a synced scan finds the node or shows it absent.
 * Fields other than the final ones are used by the one thread at a time that steps the claim.
 */
final class ZkClaim {
  final String name;
  final String dir;
  final String prefix = LockNodes.newPrefix();
  final Runnable wake;
  /** Fires {@link #wake} when the watched predecessor changes (it is deleted, as a rule). */
  final Watcher predecessorGone;
  /** Left on the directory by the first look at the queue; handed to the lease at the grant. */
  final ZkLease.GrantWatch grantWatch = new ZkLease.GrantWatch();
  boolean grantWatchSet;
  ZkLockQueue.Created created;
  boolean createUnknown;
  /** Set while our own release deletes the node, so that its deletion is not taken for a force-release. */
  volatile boolean releasing;

  ZkClaim(String name, String dir, Runnable wake) {
    this.name = name;
    this.dir = dir;
    this.wake = wake;
    this.predecessorGone = event -> {
      if (event.getType() != Watcher.Event.EventType.None) {
        wake.run();
      }
    };
  }

  String node() {
    return created.node();
  }
}
