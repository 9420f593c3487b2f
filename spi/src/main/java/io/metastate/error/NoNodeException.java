package io.metastate.error;

/**
 * An operation needed a node that does not exist: the target of set/delete/children, or the parent of a create
 * without create-parents. Not retry-safe as is: create the node (or its parent) first.
 */
public final class NoNodeException extends NodeException {
  private static final long serialVersionUID = 1L;

  public NoNodeException(String path) {
    super(path, "no node at " + path);
  }
}
