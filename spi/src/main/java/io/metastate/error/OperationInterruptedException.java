package io.metastate.error;

/**
 * The calling thread was interrupted while it waited on the backend (an acquire in its queue, a blocking call). What
 * the call had started is withdrawn (a lock waiter leaves the queue; a lock granted in the race is released), so a
 * retry is safe. The thread's interrupt flag is still set when this is thrown.
 */
public class OperationInterruptedException extends CoordinationException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was interrupted, naming the lock or path
   * @param cause the {@link InterruptedException}, or {@code null}
   */
  public OperationInterruptedException(String message, Throwable cause) {
    super(message, true, cause);
  }
}
