package io.metastate.samples.metaserver;

import io.metastate.samples.metaserver.ClusterState.Versioned;
import io.metastate.samples.metaserver.Records.Assignment;
import io.metastate.samples.metaserver.Records.BeaconReply;
import io.metastate.samples.metaserver.Records.NodeRecord;
import io.metastate.samples.metaserver.Records.NodeView;
import io.metastate.samples.metaserver.Records.PartitionRecord;
import io.metastate.samples.metaserver.Records.Route;
import io.metastate.samples.metaserver.balance.Balancer;
import io.metastate.samples.metaserver.balance.Placement;
import io.metastate.samples.metaserver.http.Json;
import io.metastate.state.CreateMode;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's membership and placement: registration, beacons, failure detection and the balancer. Every change is
 * written to meta-state first (through {@link ClusterState}, which reads itself back when a write fails), then
 * mirrored in memory; a new leader rebuilds the mirror from meta-state. Placement is re-run on every failure-detector
 * round while a partition is still placed on a node that is not alive, so one failed write never stalls a failover.
 */
final class Coordinator {
  private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

  private final Settings settings;
  private final ClusterState cluster;
  private final Balancer balancer;
  private final LongSupplier nanoClock;
  private final Map<String, Long> lastBeacon = new ConcurrentHashMap<>();
  private final Timeline timeline;
  private final Failovers failovers;

  Coordinator(Settings settings, ClusterState cluster, Balancer balancer, LongSupplier nanoClock, Timeline timeline,
      Failovers failovers) {
    this.settings = settings;
    this.cluster = cluster;
    this.balancer = balancer;
    this.nanoClock = nanoClock;
    this.timeline = timeline;
    this.failovers = failovers;
  }

  /** Creates the layout if this is the cluster's first leader, loads everything, and repairs placement. */
  synchronized void load() {
    cluster.layOut();
    // A new leader gives every node it inherits a full lease to find it before judging it.
    long now = nanoClock.getAsLong();
    cluster.nodes().stream().filter(NodeRecord::alive).forEach(n -> lastBeacon.put(n.id(), now));
    rebalance(Set.of());
  }

  synchronized BeaconReply register(String id, String address, String incarnation) {
    Optional<NodeRecord> old = cluster.node(id).map(Versioned::value);
    NodeRecord rec = new NodeRecord(id, address, true, incarnation);
    Op op = cluster.node(id).map(v -> Op.set(cluster.nodePath(id), Json.bytes(rec), v.version()))
        .orElseGet(() -> Op.create(cluster.nodePath(id), Json.bytes(rec), CreateMode.PERSISTENT));
    List<OpResult> r = cluster.write(List.of(op));
    cluster.putNode(rec, ClusterState.versionOf(r.get(0)));
    lastBeacon.put(id, nanoClock.getAsLong());
    if (old.isEmpty() || !incarnation.equals(old.get().incarnation()) || !old.get().alive()) {
      LOG.info("node {} registered at {}", id, address);
      failovers.rejoined(id);
      timeline.add("node-joined", id, "node " + id + " joined at " + address
          + (old.isPresent() ? " (new incarnation)" : ""));
    }
    // A restarted node (new incarnation) lost its cache and must not share an epoch with its former self; a retried
    // registration of the same incarnation changes nothing.
    boolean restarted = old.isPresent() && old.get().alive() && !incarnation.equals(old.get().incarnation());
    rebalance(restarted ? Set.of(id) : Set.of());
    return reply(id);
  }

  synchronized BeaconReply beacon(String id) {
    if (cluster.node(id).map(Versioned::value).filter(NodeRecord::alive).isEmpty()) {
      throw new Refusal(Refusal.Reason.NOT_REGISTERED, "node " + id
          + " is not registered or was declared dead; register again");
    }
    lastBeacon.put(id, nanoClock.getAsLong());
    return reply(id);
  }

  private BeaconReply reply(String id) {
    List<Assignment> mine = new ArrayList<>();
    SortedMap<Integer, Versioned<PartitionRecord>> partitions = cluster.partitions();
    partitions.forEach((p, v) -> {
      PartitionRecord r = v.value();
      if (id.equals(r.primary())) {
        mine.add(new Assignment(p, "primary", r.epoch()));
      } else if (r.secondaries().contains(id)) {
        mine.add(new Assignment(p, "secondary", r.epoch()));
      }
    });
    return new BeaconReply(settings.nodeLease().toMillis(), settings.beaconInterval().toMillis(),
        partitions.size(), mine);
  }

  /**
   * Declares dead every node silent for longer than lease + grace, and moves its partitions; re-runs placement
   * while a partition is still placed on a node that is not alive (its earlier placement write failed).
   */
  synchronized void detectFailures() {
    long limit = settings.nodeLease().plus(settings.nodeGrace()).toNanos();
    long now = nanoClock.getAsLong();
    List<String> dead = cluster.nodes().stream()
        .filter(n -> n.alive() && now - lastBeacon.getOrDefault(n.id(), now) > limit)
        .map(NodeRecord::id).toList();
    if (!dead.isEmpty()) {
      declareDead(dead);
    } else if (placedOnDeadNodes()) {
      LOG.warn("partitions are still placed on nodes that are not alive; placing them again");
      rebalance(Set.of());
    }
  }

  private boolean placedOnDeadNodes() {
    Set<String> live = Set.copyOf(liveNodes());
    return !live.isEmpty() && cluster.partitions().values().stream().map(Versioned::value)
        .anyMatch(r -> r.primary() == null || !live.contains(r.primary()) || !live.containsAll(r.secondaries()));
  }

  private List<String> liveNodes() {
    return cluster.nodes().stream().filter(NodeRecord::alive).map(NodeRecord::id).sorted().toList();
  }

  synchronized void declareDead(List<String> ids) {
    List<Op> ops = new ArrayList<>();
    List<NodeRecord> deadRecords = new ArrayList<>();
    for (String id : ids) {
      Versioned<NodeRecord> n = cluster.node(id)
          .orElseThrow(() -> new Refusal(Refusal.Reason.UNKNOWN, "no node " + id));
      NodeRecord dead = new NodeRecord(id, n.value().address(), false, n.value().incarnation());
      deadRecords.add(dead);
      ops.add(Op.set(cluster.nodePath(id), Json.bytes(dead), n.version()));
    }
    List<OpResult> r = cluster.write(ops);
    long now = nanoClock.getAsLong();
    for (int i = 0; i < ids.size(); i++) {
      cluster.putNode(deadRecords.get(i), ClusterState.versionOf(r.get(i)));
      Long last = lastBeacon.remove(ids.get(i));
      long silent = last == null ? 0 : now - last;
      failovers.declared(ids.get(i), now - silent);
      timeline.add("node-dead", ids.get(i), "node " + ids.get(i) + " declared dead, silent for "
          + silent / 1_000_000 + " ms");
    }
    LOG.warn("declared dead: {}", ids);
    rebalance(Set.of());
  }

  /** Runs the balancer; a partition whose primary changes (or whose primary is in {@code renew}) gets a new epoch. */
  synchronized void rebalance(Set<String> renew) {
    SortedMap<Integer, Versioned<PartitionRecord>> partitions = cluster.partitions();
    SortedMap<Integer, Placement> current = new TreeMap<>();
    partitions.forEach((p, v) -> current.put(p, new Placement(v.value().primary(), v.value().secondaries())));
    SortedMap<Integer, Placement> next = balancer.balance(current, liveNodes(), settings.replicas());
    List<Op> ops = new ArrayList<>();
    Map<Integer, PartitionRecord> changed = new TreeMap<>();
    next.forEach((p, pl) -> {
      PartitionRecord old = partitions.get(p).value();
      boolean newPrimary = !Objects.equals(old.primary(), pl.primary())
          || (old.primary() != null && renew.contains(old.primary()));
      if (newPrimary || !old.secondaries().equals(pl.secondaries())) {
        PartitionRecord rec = new PartitionRecord(p, pl.primary(), pl.secondaries(),
            newPrimary ? old.epoch() + 1 : old.epoch());
        changed.put(p, rec);
        ops.add(Op.set(cluster.partitionPath(p), Json.bytes(rec), partitions.get(p).version()));
      }
    });
    if (ops.isEmpty()) {
      failovers.placed(partitionViews(), nanoClock.getAsLong());
      return;
    }
    List<OpResult> r = cluster.write(ops);
    int i = 0;
    for (PartitionRecord rec : changed.values()) {
      cluster.putPartition(rec, ClusterState.versionOf(r.get(i++)));
      PartitionRecord old = partitions.get(rec.id()).value();
      if (rec.epoch() != old.epoch()) {
        timeline.add("partition-moved", rec.primary(), rec.id(), "partition " + rec.id() + ": " + old.primary()
            + " → " + rec.primary() + ", epoch " + old.epoch() + " → " + rec.epoch(), null);
      }
    }
    LOG.info("placement changed for partitions {}", changed.keySet());
    timeline.add("rebalance", null, "placement changed for " + changed.size() + " partition(s) on "
        + liveNodes().size() + " live node(s)");
    failovers.placed(partitionViews(), nanoClock.getAsLong());
  }

  /** Partitions with no primary, or a primary that is not alive. */
  synchronized long partitionsWithoutPrimary() {
    Set<String> live = Set.copyOf(liveNodes());
    return cluster.partitions().values().stream().map(Versioned::value)
        .filter(p -> p.primary() == null || !live.contains(p.primary())).count();
  }

  synchronized Route route(String key) {
    int p = KeySpace.partitionOf(key, cluster.partitionCount());
    PartitionRecord rec = cluster.partition(p).value();
    Optional<NodeRecord> primary = Optional.ofNullable(rec.primary()).flatMap(cluster::node).map(Versioned::value)
        .filter(NodeRecord::alive);
    if (primary.isEmpty()) {
      throw new Refusal(Refusal.Reason.UNAVAILABLE, "partition " + p + " has no live primary yet; retry");
    }
    return new Route(key, p, rec.primary(), primary.get().address(), rec.epoch());
  }

  synchronized List<NodeView> nodeViews() {
    long now = nanoClock.getAsLong();
    Map<String, int[]> counts = new HashMap<>();
    cluster.partitions().values().forEach(v -> {
      if (v.value().primary() != null) {
        counts.computeIfAbsent(v.value().primary(), k -> new int[2])[0]++;
      }
      v.value().secondaries().forEach(s -> counts.computeIfAbsent(s, k -> new int[2])[1]++);
    });
    return cluster.nodes().stream().map(n -> {
      Long last = lastBeacon.get(n.id());
      int[] c = counts.getOrDefault(n.id(), new int[2]);
      return new NodeView(n.id(), n.address(), n.alive(), last == null ? -1 : (now - last) / 1_000_000, c[0], c[1]);
    }).toList();
  }

  synchronized List<PartitionRecord> partitionViews() {
    return cluster.partitions().values().stream().map(Versioned::value).toList();
  }
}
