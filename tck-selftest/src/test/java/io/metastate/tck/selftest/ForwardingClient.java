package io.metastate.tck.selftest;

import io.metastate.CoordinationClient;
import io.metastate.lock.DistributedLockService;
import io.metastate.session.Session;
import io.metastate.state.MetaStateService;

/** A client whose lock and state services are decorators (see {@link Broken}); the session is the real one unless given. */
class ForwardingClient implements CoordinationClient {
  final CoordinationClient delegate;
  private final DistributedLockService locks;
  private final MetaStateService state;

  private final Session session;

  ForwardingClient(CoordinationClient delegate, DistributedLockService locks, MetaStateService state) {
    this(delegate, delegate.session(), locks, state);
  }

  /** A client whose session is a decorator too (mutants of session promises). */
  ForwardingClient(CoordinationClient delegate, Session session, DistributedLockService locks, MetaStateService state) {
    this.delegate = delegate;
    this.session = session;
    this.locks = locks;
    this.state = state;
  }

  @Override
  public String providerName() {
    return delegate.providerName();
  }

  @Override
  public Session session() {
    return session;
  }

  @Override
  public DistributedLockService locks() {
    return locks;
  }

  @Override
  public MetaStateService state() {
    return state;
  }

  @Override
  public void close() {
    delegate.close();
  }
}
