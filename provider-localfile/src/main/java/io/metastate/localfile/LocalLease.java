package io.metastate.localfile;

import io.metastate.provider.support.ClaimLease;

/** A grant from the {@link LockTable}: its claim is first in the lock's queue while it is held. */
final class LocalLease extends ClaimLease<LocalClaim> {
  private final LockTable table;

  LocalLease(LocalLocks locks, String name, LocalClaim claim, LockTable table) {
    super(locks, name, claim);
    this.table = table;
  }

  /** The table of the store that granted it (a fenced write checks the lease against its own store's). */
  LockTable table() {
    return table;
  }
}
