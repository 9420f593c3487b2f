package io.metastate.samples.metaserver;

import io.metastate.error.BadVersionException;
import io.metastate.error.TransactionFailedException;
import io.metastate.samples.metaserver.ClusterState.Versioned;
import io.metastate.samples.metaserver.Records.PartitionData;
import io.metastate.samples.metaserver.Records.PartitionRecord;
import io.metastate.samples.metaserver.Records.WriteBack;
import io.metastate.samples.metaserver.http.Json;
import io.metastate.state.Node;
import io.metastate.state.Op;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leader's data path: a primary's epoch-checked load of its partition, and its write-backs, applied atomically
 * with two fences: the partition record still has the version the epoch was checked against, and this server still
 * leads.
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
    checkPrimary(node, p, epoch);
    Node n = cluster.store().get(cluster.dataPath(p)).orElseThrow();
    return new PartitionData(p, epoch, values(n));
  }

  @SuppressWarnings("unchecked")
  private static TreeMap<String, Long> values(Node n) {
    Map<String, Number> raw = Json.read(n.data(), Map.class);
    TreeMap<String, Long> out = new TreeMap<>();
    raw.forEach((k, v) -> out.put(k, v.longValue()));
    return out;
  }

  /** Applies a primary's changes. */
  void writeBack(WriteBack w) {
    validate(w);
    synchronized (locks.computeIfAbsent(w.partition(), k -> new Object())) {
      for (int attempt = 0; ; attempt++) {
        Versioned<PartitionRecord> fence = checkPrimary(w.node(), w.partition(), w.epoch());
        Node current = cluster.store().get(cluster.dataPath(w.partition())).orElseThrow();
        TreeMap<String, Long> merged = values(current);
        merged.putAll(w.values());
        try {
          cluster.write(List.of(Op.check(cluster.partitionPath(w.partition()), fence.version()),
              Op.set(cluster.dataPath(w.partition()), Json.bytes(merged), current.stat().version())));
          return;
        } catch (TransactionFailedException | BadVersionException e) {
          if (!leadership.isLeading() || attempt >= 3) {
            throw e;
          }
          // The placement changed under us: the next round's epoch check refuses if it was ours.
        }
      }
    }
  }

  private void validate(WriteBack w) {
    if (w.node() == null || w.values() == null) {
      throw new Refusal(Refusal.Reason.INVALID, "write-back needs node, partition, epoch and values");
    }
    int count = cluster.partitionCount();
    for (Map.Entry<String, Long> e : w.values().entrySet()) {
      if (e.getValue() == null || KeySpace.partitionOf(e.getKey(), count) != w.partition()) {
        throw new Refusal(Refusal.Reason.INVALID, "key '" + e.getKey() + "' with value " + e.getValue()
            + " does not belong to partition " + w.partition() + " or has no value");
      }
    }
  }

  /** Refuses a sender that is not the primary of {@code p} at exactly {@code epoch}. */
  private Versioned<PartitionRecord> checkPrimary(String node, int p, long epoch) {
    Versioned<PartitionRecord> v = cluster.partition(p);
    PartitionRecord rec = v.value();
    if (!Objects.equals(node, rec.primary()) || rec.epoch() != epoch) {
      throw new Refusal(Refusal.Reason.STALE, "stale epoch: node " + node + " at epoch " + epoch + " is not the "
          + "primary of partition " + p + " (primary " + rec.primary() + ", epoch " + rec.epoch() + ")");
    }
    return v;
  }
}
