package io.metastate.error;

/** A store that one process must own exclusively (the local-file directory) is already owned by another. */
public final class StoreInUseException extends ConfigurationException {
  private static final long serialVersionUID = 1L;

  public StoreInUseException(String message, Throwable cause) {
    super(message, cause);
  }
}
