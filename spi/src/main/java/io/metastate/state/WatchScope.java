package io.metastate.state;

/** What a watch covers, relative to its path. */
public enum WatchScope {
  /**
   * The node itself: its creation, data changes and deletion. A NODE watch sees exactly these changes of its node,
   * and none of its children or of nodes whose path merely starts with the same characters. [WATCH-10]
   */
  NODE,
  /**
   * The node's direct children: their creation, data changes and deletion (not the node itself). A CHILDREN watch
   * sees changes of direct children only, not of the node itself or of grandchildren. [WATCH-11]
   */
  CHILDREN,
  /**
   * The node and every descendant. A SUBTREE watch sees changes of the node and every descendant, and none of a
   * sibling whose name starts with the node's name. [WATCH-12]
   */
  SUBTREE;

  /** Whether a change at {@code changed} is covered by a watch with this scope on {@code watched}. */
  public boolean covers(NodePath watched, NodePath changed) {
    return switch (this) {
      case NODE -> watched.equals(changed);
      case CHILDREN -> changed.parent().map(watched::equals).orElse(false);
      case SUBTREE -> watched.equals(changed) || watched.isAncestorOf(changed);
    };
  }
}
