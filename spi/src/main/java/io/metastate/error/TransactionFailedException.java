package io.metastate.error;

/**
 * A multi-op transaction was rejected as a whole: none of its operations was applied. {@link #failedOpIndex()} says
 * which operation failed and {@link #reason()} why (a {@link BadVersionException}, {@link NoNodeException},
 * {@link LeaseLostException}, ...), which is also the {@linkplain #getCause() cause}.
 */
public final class TransactionFailedException extends CoordinationException {
  private static final long serialVersionUID = 1L;
  private final int failedOpIndex;

  public TransactionFailedException(int failedOpIndex, CoordinationException reason) {
    super("transaction rejected, nothing applied: operation " + failedOpIndex + " failed: " + reason.getMessage(),
        false, reason);
    this.failedOpIndex = failedOpIndex;
  }

  /** Zero-based index of the operation that failed. */
  public int failedOpIndex() {
    return failedOpIndex;
  }

  /** Why the operation at {@link #failedOpIndex()} failed. */
  public CoordinationException reason() {
    return (CoordinationException) getCause();
  }
}
