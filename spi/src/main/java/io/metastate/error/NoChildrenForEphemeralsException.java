package io.metastate.error;

/** A create targeted a path whose parent is ephemeral; ephemeral nodes cannot have children (as in ZooKeeper). */
public final class NoChildrenForEphemeralsException extends NodeException {
  private static final long serialVersionUID = 1L;

  public NoChildrenForEphemeralsException(String path) {
    super(path, "cannot create " + path + ": its parent is ephemeral, and ephemeral nodes cannot have children");
  }
}
