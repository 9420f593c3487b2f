package io.metastate.lock;

/**
 * The state of a lock lease. HELD and UNCERTAIN may alternate; LOST and RELEASED are terminal: once a lease reads
 * LOST or RELEASED it never reads another state, and its listeners are told nothing more. [LEASE-13]
 */
public enum LeaseState {
  /** The lock is held and the session is connected. */
  HELD,
  /** The session is suspended: the lock may still be held, or may be about to be lost. Do not act on it. */
  UNCERTAIN,
  /** The lock was taken away: session expiry, admin force-release, or the lock record vanished. Terminal. */
  LOST,
  /** The holder released the lock. Terminal. */
  RELEASED;

  /** Whether no transition can follow this state. */
  public boolean isTerminal() {
    return this == LOST || this == RELEASED;
  }
}
