package io.metastate.samples.metaserver.balance;

import java.util.List;
import java.util.SortedMap;

/**
 * Decides where partitions live. Registered by name in a Guice {@code MapBinder<String, Balancer>}; the meta server
 * uses the one named by {@code metaserver.balancer}.
 *
 * <p>Every balancer must give each partition a live primary whenever a node is alive, and must never keep a dead
 * node in a placement. The meta server bumps a partition's epoch whenever its primary changes.
 */
public interface Balancer {
  /**
   * The new placement of every partition.
   *
   * @param current every partition's placement now (dead nodes may still appear)
   * @param live the live nodes, sorted
   * @param replicas copies per partition (one primary, the rest secondaries)
   * @return every partition's new placement, same keys as {@code current}
   */
  SortedMap<Integer, Placement> balance(SortedMap<Integer, Placement> current, List<String> live, int replicas);

  /** Keeps partitions where they are, replacing dead nodes only: promotes a secondary, else the least loaded node. */
  static Balancer simple() {
    return Placements::repair;
  }

  /**
   * {@link #simple()}, then each node without a primary (a joining node) takes half of the busiest node's primaries,
   * preferring partitions it is already a secondary of (a role switch, no data to copy).
   */
  static Balancer greedy() {
    return new GreedyBalancer();
  }
}
