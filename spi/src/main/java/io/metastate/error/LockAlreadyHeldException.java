package io.metastate.error;

/**
 * A session asked for a lock it already holds or is already waiting for (rDSN's {@code ERR_RECURSIVE_LOCK}).
 * Locks belong to the session, not the thread, so this is reported at once instead of deadlocking. A
 * LockAlreadyHeldException names the lock asked for twice, in its message and in lockName. [ERROR-3]
 */
public final class LockAlreadyHeldException extends CoordinationException {
  private static final long serialVersionUID = 1L;
  private final String lockName;

  public LockAlreadyHeldException(String lockName) {
    super("this session already holds or awaits lock '" + lockName + "': locks are per session, not re-entrant", false);
    this.lockName = lockName;
  }

  /** The lock asked for twice. */
  public String lockName() {
    return lockName;
  }
}
