package io.metastate.error;

/** A non-recursive delete targeted a node that still has children. Delete them first, or delete recursively. */
public final class NotEmptyException extends NodeException {
  private static final long serialVersionUID = 1L;

  public NotEmptyException(String path) {
    super(path, "node " + path + " has children: delete them first or use deleteRecursive");
  }
}
