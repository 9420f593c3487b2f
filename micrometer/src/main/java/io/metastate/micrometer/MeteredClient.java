package io.metastate.micrometer;

import io.metastate.CoordinationClient;
import io.metastate.lock.DistributedLockService;
import io.metastate.session.Session;
import io.metastate.state.MetaStateService;

/** A client whose lock and meta-state services record what they do; the session is watched, not wrapped. */
final class MeteredClient implements CoordinationClient {
  private final CoordinationClient delegate;
  private final MeteredLocks locks;
  private final MeteredState state;
  private final SessionMeters sessionMeters;

  MeteredClient(CoordinationClient delegate, Meters meters) {
    this.delegate = delegate;
    this.sessionMeters = SessionMeters.watch(delegate.session(), meters);
    this.locks = new MeteredLocks(delegate.locks(), meters);
    this.state = new MeteredState(delegate.state(), meters);
  }

  @Override
  public String providerName() {
    return delegate.providerName();
  }

  @Override
  public Session session() {
    return delegate.session();
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
    try {
      delegate.close();
    } finally {
      sessionMeters.stop();
    }
  }

  /** The client being measured (tests reach the provider's fault hooks through it). */
  CoordinationClient delegate() {
    return delegate;
  }

  @Override
  public String toString() {
    return "metered " + delegate;
  }
}
