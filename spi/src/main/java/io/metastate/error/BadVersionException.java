package io.metastate.error;

/**
 * A compare-and-set found a different version than expected: someone else changed the node. Not retry-safe: read
 * the node again and decide anew.
 */
public final class BadVersionException extends NodeException {
  private static final long serialVersionUID = 1L;
  private final long expectedVersion;

  public BadVersionException(String path, long expectedVersion) {
    super(path, "version of " + path + " is not " + expectedVersion + ": the node changed since it was read");
    this.expectedVersion = expectedVersion;
  }

  /** The version the caller expected. */
  public long expectedVersion() {
    return expectedVersion;
  }
}
