package io.metastate.tck;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseListener;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;

/**
 * A lease no lock service handed out: its name, owner, session and token are what the test gives, it is always
 * {@link LeaseState#HELD}, never calls a listener, and releasing it does nothing. For a provider's own tests that need
 * a {@link LockLease} value and no lock behind it: the lease a fenced op names when a transaction planner is tested on
 * its own, or a lease from another provider that the provider must refuse.
 */
public record StubLease(String name, String ownerId, long sessionId, FencingToken token) implements LockLease {
  /** A stub lease with the fencing token {@code token}. */
  public StubLease(String name, String ownerId, long sessionId, long token) {
    this(name, ownerId, sessionId, new FencingToken(token));
  }

  @Override
  public LeaseState state() {
    return LeaseState.HELD;
  }

  @Override
  public void addListener(LeaseListener listener) {}

  @Override
  public void removeListener(LeaseListener listener) {}

  @Override
  public void release() {}
}
