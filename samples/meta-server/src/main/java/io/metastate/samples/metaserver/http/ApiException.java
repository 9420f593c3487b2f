package io.metastate.samples.metaserver.http;

/** A request that cannot be served, with the HTTP status and a message for the caller. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  /** A failure with this HTTP status and message. */
  public ApiException(int status, String message) {
    super(message);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be 4xx or 5xx, was " + status);
    }
    this.status = status;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }
}
