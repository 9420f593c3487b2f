package io.metastate.error;

/** The client (or the service or handle obtained from it) was closed; open a new client to act again. */
public final class ClientClosedException extends CoordinationException {
  private static final long serialVersionUID = 1L;

  public ClientClosedException(String message) {
    super(message, false);
  }
}
