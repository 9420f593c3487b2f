package io.metastate.error;

/**
 * The client's session has expired: every lock and ephemeral node it owned is gone, and the client can no longer
 * act. Not retry-safe on this client: close it and open a new one.
 */
public final class SessionExpiredException extends CoordinationException {
  private static final long serialVersionUID = 1L;

  public SessionExpiredException(String message) {
    super(message, false);
  }

  public SessionExpiredException(String message, Throwable cause) {
    super(message, false, cause);
  }
}
