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

  /**
   * Changed values a primary writes back, fenced by its epoch and incarnation, numbered by {@code seq} (increasing
   * with every write-back the incarnation sends; a resend keeps its number).
   */
  public record WriteBack(String node, String incarnation, int partition, long epoch, Long seq,
      Map<String, Long> values) {}

  /**
   * The leader's answer to a write-back that is durable: {@code applied} now, a {@code duplicate} of one applied
   * before, or {@code superseded} by a newer one of the same writer (so applied before it, never after).
   */
  public record WriteBackReply(String outcome) {
    public static final String APPLIED = "applied";
    public static final String DUPLICATE = "duplicate";
    public static final String SUPERSEDED = "superseded";
  }

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

  /**
   * One entry of the leader's timeline.
   *
   * @param kind {@code leader}, {@code node-joined}, {@code node-dead}, {@code partition-moved}, {@code rebalance} or
   *     {@code failover}
   * @param failoverMillis for {@code failover}: from the node's last beacon to all its partitions on live primaries
   */
  public record Event(long seq, long atMillis, String kind, String node, Integer partition, String text,
      Long failoverMillis) {}

  /** A meta server: its URL and whether it leads. */
  public record ServerView(String url, boolean leader) {}

  /**
   * What the status page shows: the leader's view, served by the leader or, through it, by a follower.
   *
   * @param servedBy the server that answered (a follower fetches the rest from the leader)
   * @param note why the cluster part is missing, when it is
   */
  public record StatusView(String servedBy, String leader, boolean servedByLeader, String provider, String balancer,
      long term, List<ServerView> servers, List<NodeView> nodes, List<PartitionRecord> partitions,
      List<Event> events, String note) {}
}
