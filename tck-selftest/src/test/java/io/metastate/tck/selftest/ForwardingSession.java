package io.metastate.tck.selftest;

import io.metastate.session.Session;
import io.metastate.session.SessionListener;
import io.metastate.session.SessionState;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A session that forwards to the real one, except for what a mutant overrides. Listeners see this session. */
class ForwardingSession implements Session {
  final Session delegate;
  private final Map<SessionListener, SessionListener> wrappers = new ConcurrentHashMap<>();

  ForwardingSession(Session delegate) {
    this.delegate = delegate;
  }

  /** Hook: the listener registered with the real session for {@code listener}. */
  SessionListener wrap(SessionListener listener) {
    return (s, from, to) -> listener.stateChanged(this, from, to);
  }

  @Override
  public long id() {
    return delegate.id();
  }

  @Override
  public String ownerId() {
    return delegate.ownerId();
  }

  @Override
  public SessionState state() {
    return delegate.state();
  }

  @Override
  public Duration ttl() {
    return delegate.ttl();
  }

  @Override
  public void addListener(SessionListener listener) {
    delegate.addListener(wrappers.computeIfAbsent(listener, this::wrap));
  }

  @Override
  public void removeListener(SessionListener listener) {
    SessionListener wrapper = wrappers.remove(listener);
    if (wrapper != null) {
      delegate.removeListener(wrapper);
    }
  }
}
