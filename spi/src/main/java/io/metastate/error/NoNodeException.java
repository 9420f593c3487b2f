package io.metastate.error;

/**
 * An operation needed a node that does not exist: the target of set/delete/children, or the parent of a create
 * without create-parents. Not retry-safe as is: create the node (or its parent) first.
 */
public final class NoNodeException extends CoordinationException {
  private static final long serialVersionUID = 1L;
  private final String path;

  public NoNodeException(String path) {
    super("no node at " + path, false);
    this.path = path;
  }

  /** The path that does not exist. */
  public String path() {
    return path;
  }
}
