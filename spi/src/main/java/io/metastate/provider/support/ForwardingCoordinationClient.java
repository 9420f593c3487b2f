package io.metastate.provider.support;

import io.metastate.CoordinationClient;
import io.metastate.lock.DistributedLockService;
import io.metastate.session.Session;
import io.metastate.state.MetaStateService;
import java.util.Objects;

/**
 * A client that hands each service on to another client's, or to a decorator of it (metrics, a test's fault or
 * mutant), and closes the other client when it is closed. Subclasses that own more (meters, proxies) override
 * {@link #close()} and call {@code super.close()} first.
 */
public class ForwardingCoordinationClient implements CoordinationClient {
  private final CoordinationClient delegate;
  private final Session session;
  private final DistributedLockService locks;
  private final MetaStateService state;

  /** Forwards every service to {@code delegate}. */
  public ForwardingCoordinationClient(CoordinationClient delegate) {
    this(delegate, delegate.session(), delegate.locks(), delegate.state());
  }

  /** Serves the given session and services (decorators of {@code delegate}'s), and closes {@code delegate}. */
  public ForwardingCoordinationClient(CoordinationClient delegate, Session session, DistributedLockService locks,
      MetaStateService state) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.session = Objects.requireNonNull(session, "session");
    this.locks = Objects.requireNonNull(locks, "locks");
    this.state = Objects.requireNonNull(state, "state");
  }

  /** The client this one forwards to. */
  public final CoordinationClient delegate() {
    return delegate;
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

  /** Closes the client forwarded to. */
  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
