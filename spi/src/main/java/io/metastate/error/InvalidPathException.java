package io.metastate.error;

/** A path (or lock name) is malformed. Nothing was sent to the backend; fix the path. */
public final class InvalidPathException extends CoordinationException {
  private static final long serialVersionUID = 1L;
  private final String path;

  public InvalidPathException(String path, String reason) {
    super("invalid path '" + path + "': " + reason, false);
    this.path = path;
  }

  /** The rejected path, as given. */
  public String path() {
    return path;
  }
}
