package io.metastate.error;

/** An exception about one lock: it names the lock, in its message and in {@link #lockName()}. */
public abstract class LockException extends CoordinationException {
  private static final long serialVersionUID = 1L;
  private final String lockName;

  /**
   * @param lockName the lock of the call, as given
   * @param message what went wrong, naming the lock and what to do about it
   */
  protected LockException(String lockName, String message) {
    super(message, false);
    this.lockName = lockName;
  }

  /** The lock of the call that failed. */
  public String lockName() {
    return lockName;
  }
}
