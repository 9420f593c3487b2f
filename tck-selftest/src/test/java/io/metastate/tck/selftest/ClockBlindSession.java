package io.metastate.tck.selftest;

import io.metastate.provider.AbstractSession;
import io.metastate.session.Session;
import io.metastate.session.SessionState;

/** A session that reads the state it was last moved to, blind to how long ago its last contact was. */
final class ClockBlindSession extends ForwardingSession {
  ClockBlindSession(Session delegate) {
    super(delegate);
  }

  @Override
  public SessionState state() {
    return delegate instanceof AbstractSession s ? s.reportedState() : delegate.state();
  }
}
