package io.metastate.session;

/**
 * The states of a session. Allowed transitions: {@code CONNECTED -> SUSPENDED -> CONNECTED}, and from
 * {@code CONNECTED} or {@code SUSPENDED} to one of the terminal states {@code EXPIRED} or {@code CLOSED}.
 */
public enum SessionState {
  /** The lease is alive and the backend reachable: locks are HELD, ephemeral nodes exist. */
  CONNECTED,
  /**
   * The connection is lost, but the lease may still be alive on the backend. Locks are UNCERTAIN: a careful holder
   * stops acting on them until the session is CONNECTED again.
   */
  SUSPENDED,
  /** The lease is gone: every lock and ephemeral node of the session is gone. Terminal. */
  EXPIRED,
  /** The client closed the session: its locks were released and its ephemeral nodes deleted. Terminal. */
  CLOSED;

  /** Whether no transition can follow this state. */
  public boolean isTerminal() {
    return this == EXPIRED || this == CLOSED;
  }

  /** Whether the contract allows a transition from this state to {@code next}. */
  public boolean canMoveTo(SessionState next) {
    return switch (this) {
      case CONNECTED -> next == SUSPENDED || next.isTerminal();
      case SUSPENDED -> next == CONNECTED || next.isTerminal();
      case EXPIRED, CLOSED -> false;
    };
  }
}
