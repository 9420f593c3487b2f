package io.metastate.cdi;

import io.metastate.error.CoordinationException;
import java.time.Duration;

/**
 * A {@link Locked} method did not run because its lock could not be had within the timeout (or the waiting thread
 * was interrupted). Nothing was done, so retrying is safe.
 */
public final class LockNotAcquiredException extends CoordinationException {
  private static final long serialVersionUID = 1L;
  private final String lockName;
  private final Duration timeout;

  public LockNotAcquiredException(String lockName, Duration timeout, String detail) {
    super("lock '" + lockName + "' not acquired within " + timeout + " (" + detail + "); the @Locked method did not"
        + " run", true);
    this.lockName = lockName;
    this.timeout = timeout;
  }

  /** The lock that could not be had. */
  public String lockName() {
    return lockName;
  }

  /** How long the caller waited. */
  public Duration timeout() {
    return timeout;
  }
}
