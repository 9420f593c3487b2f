package io.metastate.error;

/** A create targeted a path that already holds a node. Not retry-safe: the same create fails again. */
public final class NodeExistsException extends CoordinationException {
  private static final long serialVersionUID = 1L;
  private final String path;

  public NodeExistsException(String path) {
    super("node already exists: " + path, false);
    this.path = path;
  }

  /** The path that already exists. */
  public String path() {
    return path;
  }
}
