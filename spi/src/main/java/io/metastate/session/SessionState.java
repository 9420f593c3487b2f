package io.metastate.session;

/**
 * The states of a session. A new session is CONNECTED. [SESSION-17] The only transitions a session makes (and its
 * listeners are told of) are CONNECTED to SUSPENDED, SUSPENDED to CONNECTED, and from CONNECTED or SUSPENDED to one
 * of the terminal states EXPIRED or CLOSED. [SESSION-18]
 */
public enum SessionState {
  /** The lease is alive and the backend reachable: locks are HELD, ephemeral nodes exist. */
  CONNECTED,
  /**
   * The connection is lost, but the lease may still be alive on the backend. While a session is SUSPENDED its leases
   * read UNCERTAIN; when it is CONNECTED again in time they read HELD again, with their nodes and locks intact.
   * [SESSION-19] A careful holder stops acting on its locks until the session is CONNECTED again.
   */
  SUSPENDED,
  /**
   * The lease is gone. Once a session is EXPIRED, every lock and every ephemeral node of the session is gone for
   * every other client, and its leases read LOST. [SESSION-20] Terminal.
   */
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
