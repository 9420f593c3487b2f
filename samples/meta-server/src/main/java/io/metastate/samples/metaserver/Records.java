package io.metastate.samples.metaserver;

import java.util.List;
import java.util.Map;

/** The JSON shapes stored in meta-state and exchanged over HTTP. Public so that tests and tools can read them. */
public final class Records {
  private Records() {}

  /** An app node as stored under {@code <root>/nodes/<id>}. */
  public record NodeRecord(String id, String address, boolean alive, String incarnation) {}

  /** A partition's placement and epoch as stored under {@code <root>/partitions/<n>}. */
  public record PartitionRecord(int id, String primary, List<String> secondaries, long epoch) {
    public PartitionRecord {
      secondaries = List.copyOf(secondaries);
    }
  }

  /** What a node sends to register; the incarnation is new with every process start. */
  public record Register(String id, String address, String incarnation) {}

  /** What a node sends as a beacon. */
  public record Beacon(String id) {}

  /** One partition a node holds. Role is {@code primary} or {@code secondary}. */
  public record Assignment(int partition, String role, long epoch) {}

  /** The leader's answer to a registration or beacon: the node's lease and its partitions. */
  public record BeaconReply(long leaseMillis, long beaconMillis, int partitions, List<Assignment> assignments) {
    public BeaconReply {
      assignments = List.copyOf(assignments);
    }
  }

  /** Changed values a primary writes back, fenced by its epoch. */
  public record WriteBack(String node, int partition, long epoch, Map<String, Long> values) {}

  /** A partition's durable values, as loaded by its primary. */
  public record PartitionData(int partition, long epoch, Map<String, Long> values) {}

  /** Where a key lives. */
  public record Route(String key, int partition, String primary, String address, long epoch) {}

  /** The cluster at a glance. */
  public record ClusterView(String self, String leader, boolean isLeader, String provider, String balancer,
      List<NodeView> nodes, List<PartitionRecord> partitions) {}

  /** A node at a glance. */
  public record NodeView(String id, String address, boolean alive, long lastBeaconMillisAgo, int primaries,
      int secondaries) {}
}
