package io.metastate.error;

/** A value exceeds the provider's declared limit. Nothing was sent to the backend. */
public final class ValueTooLargeException extends CoordinationException {
  private static final long serialVersionUID = 1L;
  private final int size;
  private final int limit;

  public ValueTooLargeException(String path, int size, int limit) {
    super("value for " + path + " is " + size + " bytes; the provider's limit is " + limit + " bytes", false);
    this.size = size;
    this.limit = limit;
  }

  /** The size of the rejected value in bytes. */
  public int size() {
    return size;
  }

  /** The provider's maximum value size in bytes. */
  public int limit() {
    return limit;
  }
}
