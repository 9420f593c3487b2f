package io.metastate.error;

/** A create targeted a path that already holds a node. Not retry-safe: the same create fails again. */
public final class NodeExistsException extends NodeException {
  private static final long serialVersionUID = 1L;

  public NodeExistsException(String path) {
    super(path, "node already exists: " + path);
  }
}
