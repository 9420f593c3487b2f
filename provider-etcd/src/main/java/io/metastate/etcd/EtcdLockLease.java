package io.metastate.etcd;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseState;
import io.metastate.provider.AbstractLockLease;

/** A granted lock: the claim key {@code <name>/<lease-hex>}; its create revision is the fencing token. */
final class EtcdLockLease extends AbstractLockLease {
  private final EtcdLocks locks;
  private final String key;
  private final ClaimWatch claimWatch;
  private volatile boolean releasing;

  EtcdLockLease(EtcdLocks locks, String name, long token, String key) {
    super(name, locks.client().etcdSession(), new FencingToken(token));
    this.locks = locks;
    this.key = key;
    this.claimWatch = new ClaimWatch(locks.client(), this);
  }

  String key() {
    return key;
  }

  /** The watch on this lease's claim (force-release detection). */
  ClaimWatch claimWatch() {
    return claimWatch;
  }

  /** The client whose session holds this lease (to check a fenced multi-op runs on the same backend). */
  EtcdCoordinationClient client() {
    return locks.client();
  }

  /** The claim key vanished (force-release, lease revoked): LOST, unless we deleted it ourselves. */
  void claimDeleted() {
    if (!releasing) {
      moveTo(LeaseState.LOST);
    }
  }

  /** close() revoked the session lease, which deleted the claim: the holder released it. */
  void claimDeletedByClose() {
    releasing = true;
    moveTo(LeaseState.RELEASED);
  }

  /**
   * Granted as its acquisition was cancelled, so never handed out: RELEASED without a request of its own (the waiter
   * deletes the claim), so that no thread waits for etcd here.
   */
  void withdrawn() {
    releasing = true;
    moveTo(LeaseState.RELEASED);
  }

  @Override
  protected void doRelease() {
    releasing = true;
    try {
      locks.releaseClaim(this);
    } catch (RuntimeException e) {
      releasing = false;
      throw e;
    }
  }

  @Override
  protected void onTerminal(LeaseState state) {
    claimWatch.close();
    locks.forget(this);
  }
}
