package io.metastate.error;

/**
 * The connection to the backend was lost while a request was in flight: its outcome is unknown. Only idempotent
 * operations (reads, a CAS with an explicit version) may be repeated blindly; anything else should first read back
 * what happened.
 */
public final class ConnectionLossException extends CoordinationException {
  private static final long serialVersionUID = 1L;

  public ConnectionLossException(String message, Throwable cause) {
    super(message, false, cause);
  }
}
