package io.metastate.tck;

import io.metastate.lock.LeaseListener;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.session.Session;
import io.metastate.session.SessionListener;
import io.metastate.session.SessionState;
import java.util.ArrayList;
import java.util.List;

/** Records the transitions a session or lease listener is told of, as "FROM->TO" strings, in delivery order. */
final class Transitions implements SessionListener, LeaseListener {
  private final List<String> seen = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private Object last;

  @Override
  public synchronized void stateChanged(Session session, SessionState from, SessionState to) {
    record(from, to);
  }

  @Override
  public synchronized void stateChanged(LockLease lease, LeaseState from, LeaseState to) {
    record(from, to);
  }

  private void record(Object from, Object to) {
    if (last != null && last != from) {
      problems.add("told " + from + "->" + to + " right after a transition into " + last);
    }
    last = to;
    seen.add(from + "->" + to);
  }

  /** The transitions so far. */
  synchronized List<String> seen() {
    return new ArrayList<>(seen);
  }

  /** Transitions whose "from" was not the previous "to": a gap or a reordering. */
  synchronized List<String> problems() {
    return new ArrayList<>(problems);
  }

  synchronized boolean contains(String transition) {
    return seen.contains(transition);
  }
}
