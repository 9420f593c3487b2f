package io.metastate.samples.metaserver;

import io.metastate.error.BadVersionException;
import io.metastate.error.TransactionFailedException;
import io.metastate.samples.metaserver.ClusterState.Versioned;
import io.metastate.samples.metaserver.Records.NodeRecord;
import io.metastate.samples.metaserver.Records.PartitionData;
import io.metastate.samples.metaserver.Records.PartitionRecord;
import io.metastate.samples.metaserver.Records.WriteBack;
import io.metastate.samples.metaserver.Records.WriteBackReply;
import io.metastate.state.Node;
import io.metastate.state.Op;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leader's data path: a primary's epoch-checked load of its partition, and its write-backs, applied atomically
 * with two fences (the partition record still has the version the epoch was checked against, and this server still
 * leads) and in the order the primary numbered them.
 */
final class WriteBacks {
  private final ClusterState cluster;
  private final Leadership leadership;
  private final Map<Integer, Object> locks = new ConcurrentHashMap<>();

  WriteBacks(ClusterState cluster, Leadership leadership) {
    this.cluster = cluster;
    this.leadership = leadership;
  }

  /** The partition's durable values, for its primary at exactly {@code epoch}. */
  PartitionData read(String node, int p, long epoch) {
    checkPrimary(node, null, p, epoch);
    Node n = cluster.store().get(cluster.dataPath(p)).orElseThrow();
    return new PartitionData(p, epoch, StoredValues.decode(n.data()).values());
  }

  /**
   * Applies a write-back, or says it is already durable. A node resends a write-back whose outcome it did not
   * learn, so the original may arrive after the resend and after newer write-backs: one numbered at or below the
   * stored mark of the same writer is not applied again (its values are durable, or older than durable ones).
   */
  WriteBackReply writeBack(WriteBack w) {
    validate(w);
    synchronized (locks.computeIfAbsent(w.partition(), k -> new Object())) {
      for (int attempt = 0; ; attempt++) {
        Node current = cluster.store().get(cluster.dataPath(w.partition())).orElseThrow();
        StoredValues stored = StoredValues.decode(current.data());
        // Checked before the epoch: a resend of a write-back that applied is answered truthfully even after the
        // partition moved on (the mark stays until the next primary writes).
        if (stored.covers(w)) {
          return new WriteBackReply(w.seq() == stored.last().seq() ? WriteBackReply.DUPLICATE
              : WriteBackReply.SUPERSEDED);
        }
        Versioned<PartitionRecord> fence = checkPrimary(w.node(), w.incarnation(), w.partition(), w.epoch());
        try {
          cluster.write(List.of(Op.check(cluster.partitionPath(w.partition()), fence.version()),
              Op.set(cluster.dataPath(w.partition()), stored.with(w).encode(), current.stat().version())));
          return new WriteBackReply(WriteBackReply.APPLIED);
        } catch (TransactionFailedException | BadVersionException e) {
          if (!leadership.isLeading() || attempt >= 3) {
            throw e;
          }
          // The placement changed under us (the mirror was read back): the next round's check refuses if it was ours.
        }
      }
    }
  }

  private void validate(WriteBack w) {
    if (w.node() == null || w.incarnation() == null || w.seq() == null || w.values() == null) {
      throw new Refusal(Refusal.Reason.INVALID, "write-back needs node, incarnation, partition, epoch, seq and "
          + "values");
    }
    int count = cluster.partitionCount();
    for (Map.Entry<String, Long> e : w.values().entrySet()) {
      if (e.getValue() == null || KeySpace.partitionOf(e.getKey(), count) != w.partition()) {
        throw new Refusal(Refusal.Reason.INVALID, "key '" + e.getKey() + "' with value " + e.getValue()
            + " does not belong to partition " + w.partition() + " or has no value");
      }
    }
  }

  /**
   * Refuses a sender that is not the primary of {@code p} at exactly {@code epoch}, or (when {@code incarnation} is
   * given) not the node's registered incarnation: a restarted node's former self is fenced out too.
   */
  private Versioned<PartitionRecord> checkPrimary(String node, String incarnation, int p, long epoch) {
    Versioned<PartitionRecord> v = cluster.partition(p);
    PartitionRecord rec = v.value();
    if (!Objects.equals(node, rec.primary()) || rec.epoch() != epoch) {
      throw new Refusal(Refusal.Reason.STALE, "stale epoch: node " + node + " at epoch " + epoch + " is not the "
          + "primary of partition " + p + " (primary " + rec.primary() + ", epoch " + rec.epoch() + ")");
    }
    if (incarnation != null && !cluster.node(node).map(Versioned::value).map(NodeRecord::incarnation)
        .filter(incarnation::equals).isPresent()) {
      throw new Refusal(Refusal.Reason.STALE, "stale incarnation: node " + node + " registered again since "
          + "incarnation " + incarnation + " sent this");
    }
    return v;
  }
}
