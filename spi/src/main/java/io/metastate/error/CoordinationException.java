package io.metastate.error;

/**
 * The one unchecked root of every error metastate reports.
 *
 * <p>Backend exceptions (ZooKeeper {@code KeeperException}, gRPC status, H2 {@code MVStoreException}, ...)
 * never cross the provider boundary unwrapped: a provider turns them into the most specific subtype, keeping
 * the original as the {@linkplain #getCause() cause}. Every failure the contract names is reported with its own
 * subtype of CoordinationException, never a backend exception or a bare CoordinationException. [ERROR-1]
 *
 * <p>An exception about one node names the node of the call: NodeExistsException, NoNodeException,
 * NotEmptyException and BadVersionException report its path, and BadVersionException the version the caller
 * expected. [ERROR-2]
 *
 * <p>Every exception says whether retrying the same call is safe: {@link #isRetrySafe()} is {@code true} only
 * when the operation is known not to have taken effect, or when repeating it cannot change the outcome.
 */
public class CoordinationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean retrySafe;

  /**
   * @param message what went wrong, naming the offending value and what to do about it
   * @param retrySafe whether the caller may repeat the same call without risk of applying it twice
   * @param cause the backend exception, or {@code null}
   */
  public CoordinationException(String message, boolean retrySafe, Throwable cause) {
    super(message, cause);
    this.retrySafe = retrySafe;
  }

  /** @see #CoordinationException(String, boolean, Throwable) */
  public CoordinationException(String message, boolean retrySafe) {
    this(message, retrySafe, null);
  }

  /**
   * Whether the same call may be repeated as is. {@code false} means the operation either definitely failed for a
   * reason a retry cannot fix (a bad version, an existing node), or its outcome is unknown (connection loss).
   */
  public boolean isRetrySafe() {
    return retrySafe;
  }
}
