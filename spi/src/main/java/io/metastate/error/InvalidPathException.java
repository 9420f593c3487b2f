package io.metastate.error;

/** A path (or lock name) is malformed. Nothing was sent to the backend; fix the path. */
public final class InvalidPathException extends NodeException {
  private static final long serialVersionUID = 1L;

  public InvalidPathException(String path, String reason) {
    super(path, "invalid path '" + path + "': " + reason);
  }
}
