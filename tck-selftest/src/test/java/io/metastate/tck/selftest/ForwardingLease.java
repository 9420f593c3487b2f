package io.metastate.tck.selftest;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseListener;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;

/** A lease that forwards to the real one, except for what a broken variant overrides. */
class ForwardingLease implements LockLease {
  final LockLease delegate;
  private final java.util.Map<LeaseListener, LeaseListener> wrappers = new java.util.concurrent.ConcurrentHashMap<>();

  ForwardingLease(LockLease delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public String ownerId() {
    return delegate.ownerId();
  }

  @Override
  public long sessionId() {
    return delegate.sessionId();
  }

  @Override
  public FencingToken token() {
    return delegate.token();
  }

  @Override
  public LeaseState state() {
    return delegate.state();
  }

  @Override
  public void addListener(LeaseListener listener) {
    // One wrapper per listener, so that adding twice and removing behave as the real lease's listener set does.
    delegate.addListener(wrappers.computeIfAbsent(listener, l -> (lease, from, to) -> l.stateChanged(this, from, to)));
  }

  @Override
  public void removeListener(LeaseListener listener) {
    LeaseListener wrapper = wrappers.remove(listener);
    if (wrapper != null) {
      delegate.removeListener(wrapper);
    }
  }

  @Override
  public void release() {
    delegate.release();
  }

  /** The provider's own lease, which its fenced multi-ops recognise. */
  static LockLease unwrap(LockLease lease) {
    return lease instanceof ForwardingLease f ? unwrap(f.delegate) : lease;
  }
}
