package io.metastate.error;

/**
 * A compare-and-set found a different version than expected: someone else changed the node. Not retry-safe: read
 * the node again and decide anew.
 */
public final class BadVersionException extends CoordinationException {
  private static final long serialVersionUID = 1L;
  private final String path;
  private final long expectedVersion;

  public BadVersionException(String path, long expectedVersion) {
    super("version of " + path + " is not " + expectedVersion + ": the node changed since it was read", false);
    this.path = path;
    this.expectedVersion = expectedVersion;
  }

  /** The node whose version did not match. */
  public String path() {
    return path;
  }

  /** The version the caller expected. */
  public long expectedVersion() {
    return expectedVersion;
  }
}
