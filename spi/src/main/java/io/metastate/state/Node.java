package io.metastate.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A node read from meta-state: its path, a copy of its data, and its stat, all as of one revision.
 *
 * @param path the node's path
 * @param data the node's data (the accessor returns a copy)
 * @param stat the node's metadata
 */
public record Node(String path, byte[] data, Stat stat) {
  public Node {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(stat, "stat");
    data = data == null ? new byte[0] : data.clone();
  }

  /** A copy of the node's data. */
  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The data decoded as UTF-8. */
  public String dataAsString() {
    return new String(data, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Node other && path.equals(other.path) && Arrays.equals(data, other.data)
        && stat.equals(other.stat);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, Arrays.hashCode(data), stat);
  }

  @Override
  public String toString() {
    return "Node[" + path + ", " + data.length + " bytes, " + stat + "]";
  }
}
