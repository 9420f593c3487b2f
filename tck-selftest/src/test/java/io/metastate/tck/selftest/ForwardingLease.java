package io.metastate.tck.selftest;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseListener;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;

/** A lease that forwards to the real one, except for what a broken variant overrides. */
class ForwardingLease implements LockLease {
  final LockLease delegate;

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
    delegate.addListener((lease, from, to) -> listener.stateChanged(this, from, to));
  }

  @Override
  public void removeListener(LeaseListener listener) {
    // Listeners are wrapped on the way in; the self-test never removes one.
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
