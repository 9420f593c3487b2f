package io.metastate.etcd;

import io.metastate.lock.LeaseState;
import io.metastate.provider.support.ClaimLease;

/**
 * A granted lock: the claim key {@code <name>/<lease-hex>}; its create revision is the fencing token. Its claim is
 * watched ({@link ClaimWatch}), so that a force-release makes it LOST.
 */
final class EtcdLockLease extends ClaimLease<EtcdClaim> {
  /** A lease held this long gets a watch on its claim: short critical sections never pay for one. */
  private static final long CLAIM_WATCH_DELAY_MS = 50;

  private final EtcdCoordinationClient client;
  private final ClaimWatch claimWatch;

  EtcdLockLease(EtcdLocks locks, String name, EtcdClaim claim) {
    super(locks, name, claim);
    this.client = locks.client();
    this.claimWatch = new ClaimWatch(client, this);
    // From the grant's read revision on, so that a deletion before the watch starts is still delivered.
    claimWatch.startLater(claim.readRevision + 1, CLAIM_WATCH_DELAY_MS);
  }

  String key() {
    return claim().key;
  }

  /** The watch on this lease's claim (force-release detection). */
  ClaimWatch claimWatch() {
    return claimWatch;
  }

  /**
   * The claim key vanished: a force-release, or the lease ended in etcd before our session noticed. LOST, unless we
   * deleted it ourselves, or the client is over (then the session's end decides: RELEASED on close, LOST on expiry).
   */
  void claimDeleted() {
    if (!claim().releasing && client.unusable() == null) {
      moveTo(LeaseState.LOST);
    }
  }

  @Override
  protected void ended(LeaseState state) {
    claimWatch.close();
  }
}
