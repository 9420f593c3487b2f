package io.metastate.state;

/** What a watch covers, relative to its path. */
public enum WatchScope {
  /** The node itself: its creation, data changes and deletion. */
  NODE,
  /** The node's direct children: their creation, data changes and deletion (not the node itself). */
  CHILDREN,
  /** The node and every descendant. */
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
