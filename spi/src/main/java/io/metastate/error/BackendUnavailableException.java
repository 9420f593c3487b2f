package io.metastate.error;

/**
 * The backend could not be reached, and the request was not sent (or is known not to have been applied).
 * Retry-safe: the call may be repeated once the backend is back.
 */
public final class BackendUnavailableException extends CoordinationException {
  private static final long serialVersionUID = 1L;

  public BackendUnavailableException(String message, Throwable cause) {
    super(message, true, cause);
  }
}
