package io.metastate.error;

/** A non-recursive delete targeted a node that still has children. Delete them first, or delete recursively. */
public final class NotEmptyException extends CoordinationException {
  private static final long serialVersionUID = 1L;
  private final String path;

  public NotEmptyException(String path) {
    super("node " + path + " has children: delete them first or use deleteRecursive", false);
    this.path = path;
  }

  /** The node that still has children. */
  public String path() {
    return path;
  }
}
