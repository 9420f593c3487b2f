package io.metastate.zookeeper;

import io.metastate.provider.support.AbstractLockService;
import io.metastate.provider.support.ClaimLease;

/**
 * Locks in Curator's InterProcessMutex layout (see {@link LockNodes}), implemented directly rather than through
 * InterProcessMutex: that recipe is re-entrant per thread, hides its node and czxid, and has no cancellable
 * asynchronous acquire, while the contract wants per-session ownership, a fencing token, and a withdrawable waiter.
 * The node layout is the same, so both exclude each other on one path. The queue protocol is {@link ZkLockDriver};
 * reads and force-release are {@link ZkLockInfo}.
 */
final class ZkLocks extends AbstractLockService<ZkClaim, String> {
  private final ZkClient client;
  private final ZkOrphans orphans;

  ZkLocks(ZkClient client) {
    this(client, new ZkLockDriver(client));
  }

  private ZkLocks(ZkClient client, ZkLockDriver driver) {
    super(client.zkSession(), driver, new ZkLockInfo(client, driver), client.executor());
    this.client = client;
    this.orphans = driver.orphans();
  }

  ZkClient client() {
    return client;
  }

  @Override
  protected void checkUsable() {
    client.zk();
  }

  @Override
  protected ClaimLease<ZkClaim> newLease(String name, ZkClaim claim) {
    ZkLease lease = new ZkLease(this, name, claim);
    claim.grantWatch.attach(lease); // from now on a change of the directory checks the lease's node
    return lease;
  }

  /** The session expired: leases LOST, waiters fail; our nodes died with it. */
  void expired() {
    expired(client.expiredException());
    orphans.sessionEnded();
  }

  /** The client is closing: leases RELEASED (the session's close deletes their nodes), waiters fail. */
  void closing() {
    closed();
    orphans.sessionEnded();
  }
}
