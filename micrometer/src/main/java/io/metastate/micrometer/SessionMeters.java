package io.metastate.micrometer;

import io.metastate.session.Session;
import io.metastate.session.SessionListener;
import io.metastate.session.SessionState;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The session's meters: it counts in the {@code metastate.session.state} gauges (read live, so a session whose contact
 * lapsed reads suspended before any event), transitions by the state entered, and the time spent SUSPENDED, recorded
 * when the session leaves that state.
 */
final class SessionMeters implements SessionListener {
  private final Session session;
  private final Meters meters;
  private final Timer suspended;
  private volatile long suspendedSince = -1;

  private SessionMeters(Session session, Meters meters) {
    this.session = session;
    this.meters = meters;
    this.suspended = Timer.builder("metastate.session.suspended")
        .description("Time the session spent SUSPENDED, recorded when it left that state")
        .tags(meters.tags()).register(meters.registry);
  }

  static SessionMeters watch(Session session, Meters meters) {
    SessionMeters m = new SessionMeters(session, meters);
    SharedGauges.of(meters).add(session);
    if (session.state() == SessionState.SUSPENDED) {
      m.suspendedSince = System.nanoTime();
    }
    session.addListener(m);
    return m;
  }

  private static String name(SessionState s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public void stateChanged(Session s, SessionState from, SessionState to) {
    meters.counter("metastate.session.transitions", "Session state transitions, by the state entered",
        "state", name(to)).increment();
    long now = System.nanoTime();
    if (to == SessionState.SUSPENDED) {
      suspendedSince = now;
    } else if (from == SessionState.SUSPENDED && suspendedSince >= 0) {
      suspended.record(now - suspendedSince, TimeUnit.NANOSECONDS);
      suspendedSince = -1;
    }
  }

  void stop() {
    session.removeListener(this);
    SharedGauges.of(meters).remove(session);
  }
}
