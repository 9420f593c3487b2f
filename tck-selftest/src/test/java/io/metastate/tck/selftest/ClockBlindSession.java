package io.metastate.tck.selftest;

import io.metastate.provider.AbstractSession;
import io.metastate.session.Session;
import io.metastate.session.SessionListener;
import io.metastate.session.SessionState;
import java.time.Duration;

/** A session that reads the state it was last moved to, blind to how long ago its last contact was. */
final class ClockBlindSession implements Session {
  private final Session delegate;

  ClockBlindSession(Session delegate) {
    this.delegate = delegate;
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
    return delegate instanceof AbstractSession s ? s.reportedState() : delegate.state();
  }

  @Override
  public Duration ttl() {
    return delegate.ttl();
  }

  @Override
  public void addListener(SessionListener listener) {
    delegate.addListener(listener);
  }

  @Override
  public void removeListener(SessionListener listener) {
    delegate.removeListener(listener);
  }
}
