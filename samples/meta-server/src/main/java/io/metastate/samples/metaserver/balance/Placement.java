package io.metastate.samples.metaserver.balance;

import java.util.List;
import java.util.Objects;

/**
 * Where one partition lives: its primary (which serves reads and writes) and its secondaries (its successors).
 *
 * @param primary the primary node's id, or null while the partition has none (no live node)
 * @param secondaries the secondaries' ids, in promotion order, never containing the primary
 */
public record Placement(String primary, List<String> secondaries) {
  public Placement {
    secondaries = List.copyOf(secondaries);
    if (primary != null && secondaries.contains(primary)) {
      throw new IllegalArgumentException("primary " + primary + " is also a secondary: " + secondaries);
    }
    if (secondaries.stream().distinct().count() != secondaries.size()) {
      throw new IllegalArgumentException("secondaries repeat a node: " + secondaries);
    }
  }

  /** A partition with no node. */
  public static Placement none() {
    return new Placement(null, List.of());
  }

  /** Whether a node holds the partition in any role. */
  public boolean involves(String node) {
    return Objects.equals(primary, node) || secondaries.contains(node);
  }
}
