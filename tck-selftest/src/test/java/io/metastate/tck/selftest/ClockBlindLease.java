package io.metastate.tck.selftest;

import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.provider.AbstractLockLease;

/** A lease that reads the state it was last moved to, blind to how long ago its session's last contact was. */
final class ClockBlindLease extends ForwardingLease {
  ClockBlindLease(LockLease delegate) {
    super(delegate);
  }

  @Override
  public LeaseState state() {
    return delegate instanceof AbstractLockLease l ? l.reportedState() : delegate.state();
  }
}
