package io.metastate.session;

/**
 * Told of every state transition of a session, in order, on one thread per session. Implementations must not
 * block: a listener that needs to do I/O hands it to its own executor.
 */
@FunctionalInterface
public interface SessionListener {
  /**
   * Called once per transition.
   *
   * @param session the session that changed
   * @param from the state it left
   * @param to the state it entered
   */
  void stateChanged(Session session, SessionState from, SessionState to);
}
