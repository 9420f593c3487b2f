package io.metastate.error;

/**
 * A fenced operation required a lock lease that no longer holds (released, force-released, or its session
 * expired). Nothing was applied. Not retry-safe: acquire the lock again, which yields a new fencing token.
 */
public final class LeaseLostException extends CoordinationException {
  private static final long serialVersionUID = 1L;
  private final String lockName;

  public LeaseLostException(String lockName, String detail) {
    super("lease on lock '" + lockName + "' no longer holds: " + detail, false);
    this.lockName = lockName;
  }

  /** The lock whose lease was lost. */
  public String lockName() {
    return lockName;
  }
}
