package io.metastate.zookeeper;

import io.metastate.lock.LockInfo;
import io.metastate.provider.support.AbstractLockService;
import io.metastate.provider.support.ClaimLease;
import java.util.List;
import java.util.Optional;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * Locks in Curator's InterProcessMutex layout (see {@link LockNodes}), implemented directly rather than through
 * InterProcessMutex: that recipe is re-entrant per thread, hides its node and czxid, and has no cancellable
 * asynchronous acquire, while the contract wants per-session ownership, a fencing token, and a withdrawable waiter.
 * The node layout is the same, so both exclude each other on one path. The queue protocol is {@link ZkLockDriver};
 * reads and force-release are {@link ZkLockInfo}.
 */
final class ZkLocks extends AbstractLockService<ZkClaim, String> {
  private final ZkClient client;
  private final ZkLockDriver driver;
  private final ZkLockQueue queue;
  private final ZkOrphans orphans;
  private final ZkLockInfo info;

  ZkLocks(ZkClient client) {
    this(client, new ZkLockDriver(client));
  }

  private ZkLocks(ZkClient client, ZkLockDriver driver) {
    super(client.zkSession(), driver, client.executor());
    this.client = client;
    this.driver = driver;
    this.queue = driver.queue();
    this.orphans = driver.orphans();
    this.info = new ZkLockInfo(this);
  }

  String dir(String name) {
    return driver.dir(name);
  }

  ZkClient client() {
    return client;
  }

  List<String> children(ZooKeeper zk, String dir) throws KeeperException, InterruptedException {
    return queue.children(zk, dir);
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

  @Override
  protected Optional<LockInfo> holder(String name) {
    return info.query(name);
  }

  @Override
  protected List<LockInfo> held(String prefix) {
    return info.list(prefix);
  }

  @Override
  protected boolean removeHolder(String name) {
    return info.forceRelease(name);
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
