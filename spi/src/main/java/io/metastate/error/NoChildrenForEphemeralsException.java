package io.metastate.error;

/** A create targeted a path whose parent is ephemeral; ephemeral nodes cannot have children (as in ZooKeeper). */
public final class NoChildrenForEphemeralsException extends CoordinationException {
  private static final long serialVersionUID = 1L;
  private final String path;

  public NoChildrenForEphemeralsException(String path) {
    super("cannot create " + path + ": its parent is ephemeral, and ephemeral nodes cannot have children", false);
    this.path = path;
  }

  /** The path whose creation was refused. */
  public String path() {
    return path;
  }
}
