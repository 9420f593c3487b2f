package io.metastate.state;

import io.metastate.error.InvalidPathException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A validated meta-state path: {@code /} (the root) or {@code /a/b/c}. Rules: starts with {@code /}; no empty,
 * {@code .} or {@code ..} segment; no trailing {@code /}; no control characters; at most {@value #MAX_LENGTH}
 * characters (a provider may declare less in its {@link Limits}). Every meta-state operation, watch included,
 * rejects a path that breaks the rules of NodePath with InvalidPathException and changes nothing. [LIMIT-3]
 *
 * @param value the path as a string
 */
public record NodePath(String value) implements Comparable<NodePath> {
  /** The longest path any provider accepts. */
  public static final int MAX_LENGTH = 1024;

  /**
   * The root, which always exists and cannot be created, set or deleted. The root exists for every client, and a
   * create, set or delete of the root fails with a CoordinationException and changes nothing. [STATE-24]
   */
  public static final NodePath ROOT = new NodePath("/");

  public NodePath {
    String problem = problemWith(value);
    if (problem != null) {
      throw new InvalidPathException(String.valueOf(value), problem);
    }
  }

  /**
   * Parses and validates a path.
   *
   * @throws InvalidPathException naming what is wrong
   */
  public static NodePath of(String value) {
    return "/".equals(value) ? ROOT : new NodePath(value);
  }

  private static String problemWith(String value) {
    if (value == null) {
      return "path must not be null";
    }
    if (value.isEmpty()) {
      return "path must not be empty; the root is \"/\"";
    }
    if (value.charAt(0) != '/') {
      return "path must start with '/'";
    }
    if (value.length() > MAX_LENGTH) {
      return "path is " + value.length() + " characters; at most " + MAX_LENGTH + " are allowed";
    }
    if (value.length() == 1) {
      return null;
    }
    if (value.endsWith("/")) {
      return "path must not end with '/'";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "path has control character 0x" + Integer.toHexString(c) + " at index " + i;
      }
    }
    for (String segment : value.substring(1).split("/", -1)) {
      if (segment.isEmpty()) {
        return "path has an empty segment ('//')";
      }
      if (segment.equals(".") || segment.equals("..")) {
        return "path has a '" + segment + "' segment; relative segments are not allowed";
      }
    }
    return null;
  }

  /** Whether this is the root. */
  public boolean isRoot() {
    return value.length() == 1;
  }

  /** The parent path; empty for the root. */
  public Optional<NodePath> parent() {
    if (isRoot()) {
      return Optional.empty();
    }
    int slash = value.lastIndexOf('/');
    return Optional.of(slash == 0 ? ROOT : new NodePath(value.substring(0, slash)));
  }

  /** The last segment; empty string for the root. */
  public String name() {
    return value.substring(value.lastIndexOf('/') + 1);
  }

  /**
   * The child with the given name.
   *
   * @throws InvalidPathException if {@code name} is not a single valid segment
   */
  public NodePath child(String name) {
    if (name == null || name.isEmpty() || name.indexOf('/') >= 0) {
      throw new InvalidPathException(String.valueOf(name), "child name must be one non-empty segment without '/'");
    }
    return new NodePath(isRoot() ? "/" + name : value + "/" + name);
  }

  /** The segments from the root down; empty for the root. */
  public List<String> segments() {
    return isRoot() ? List.of() : List.of(value.substring(1).split("/"));
  }

  /** The number of segments: 0 for the root. */
  public int depth() {
    return isRoot() ? 0 : segments().size();
  }

  /** This path and every ancestor below the root, shortest first ({@code /a}, {@code /a/b}, ...). */
  public List<NodePath> lineage() {
    List<NodePath> out = new ArrayList<>();
    NodePath current = ROOT;
    for (String segment : segments()) {
      current = current.child(segment);
      out.add(current);
    }
    return out;
  }

  /** Whether {@code other} lies strictly below this path. */
  public boolean isAncestorOf(NodePath other) {
    if (isRoot()) {
      return !other.isRoot();
    }
    return other.value.length() > value.length() && other.value.startsWith(value)
        && other.value.charAt(value.length()) == '/';
  }

  @Override
  public int compareTo(NodePath other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
