package io.metastate.samples.metaserver;

import io.metastate.error.BadVersionException;
import io.metastate.error.TransactionFailedException;
import io.metastate.samples.metaserver.Records.Assignment;
import io.metastate.samples.metaserver.Records.BeaconReply;
import io.metastate.samples.metaserver.Records.NodeRecord;
import io.metastate.samples.metaserver.Records.NodeView;
import io.metastate.samples.metaserver.Records.PartitionData;
import io.metastate.samples.metaserver.Records.PartitionRecord;
import io.metastate.samples.metaserver.Records.Route;
import io.metastate.samples.metaserver.Records.WriteBack;
import io.metastate.samples.metaserver.balance.Balancer;
import io.metastate.samples.metaserver.balance.Placement;
import io.metastate.samples.metaserver.http.ApiException;
import io.metastate.samples.metaserver.http.Json;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's work: membership, failure detection, placement and epoch-fenced write-back. Every change is written
 * to meta-state first (fenced by the leadership lease, version-checked against what this leader last read), then
 * mirrored in memory; a new leader rebuilds the mirror from meta-state.
 */
final class Coordinator {
  private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

  private record Versioned<T>(T value, long version) {}

  private final Settings settings;
  private final MetaStateService state;
  private final Leadership leadership;
  private final Balancer balancer;
  private final LongSupplier nanoClock;
  private final Map<String, Versioned<NodeRecord>> nodes = new TreeMap<>();
  private final SortedMap<Integer, Versioned<PartitionRecord>> partitions = new TreeMap<>();
  private final Map<String, Long> lastBeacon = new ConcurrentHashMap<>();
  private final Map<Integer, Object> dataLocks = new ConcurrentHashMap<>();

  Coordinator(Settings settings, MetaStateService state, Leadership leadership, Balancer balancer,
      LongSupplier nanoClock) {
    this.settings = settings;
    this.state = state;
    this.leadership = leadership;
    this.balancer = balancer;
    this.nanoClock = nanoClock;
  }

  String nodePath(String id) {
    return settings.root() + "/nodes/" + id;
  }

  String partitionPath(int p) {
    return settings.root() + "/partitions/" + p;
  }

  String dataPath(int p) {
    return settings.root() + "/data/" + p;
  }

  /** Creates the layout if this is the cluster's first leader, then loads everything into memory. */
  synchronized void load() {
    // The layout is created in this order, so its last directory existing means all do (one read, not four).
    boolean laidOut = state.exists(settings.root() + "/data").isPresent();
    for (String dir : laidOut ? List.<String>of() : List.of("", "/nodes", "/partitions", "/data")) {
      if (state.exists(settings.root() + dir).isEmpty()) {
        if (dir.isEmpty() && state.exists("/metaserver").isEmpty()) {
          leadership.write(List.of(Op.create("/metaserver", new byte[0], CreateMode.PERSISTENT)));
        }
        leadership.write(List.of(Op.create(settings.root() + dir, new byte[0], CreateMode.PERSISTENT)));
      }
    }
    List<String> existing = state.children(settings.root() + "/partitions");
    if (existing.isEmpty()) {
      List<Op> ops = new ArrayList<>();
      for (int p = 0; p < settings.partitions(); p++) {
        ops.add(Op.create(partitionPath(p), Json.bytes(new PartitionRecord(p, null, List.of(), 0)),
            CreateMode.PERSISTENT));
        ops.add(Op.create(dataPath(p), Json.bytes(Map.of()), CreateMode.PERSISTENT));
      }
      leadership.write(ops);
    } else if (existing.size() != settings.partitions()) {
      LOG.warn("cluster {} has {} partitions in meta-state; metaserver.partitions={} is ignored",
          settings.cluster(), existing.size(), settings.partitions());
    }
    readState();
    // A new leader gives every node it inherits a full lease to find it before judging it.
    long now = nanoClock.getAsLong();
    nodes.values().stream().filter(v -> v.value().alive()).forEach(v -> lastBeacon.put(v.value().id(), now));
    rebalance(Set.of());
  }

  /** Reads nodes and partitions into memory, writing nothing (followers use it to stay warm). */
  synchronized void readState() {
    if (state.exists(settings.root() + "/partitions").isEmpty()) {
      return;
    }
    nodes.clear();
    partitions.clear();
    // Read in parallel: a new leader's take-over time is part of every leader failover.
    Map<String, CompletableFuture<Optional<Node>>> nodeReads = new TreeMap<>();
    state.children(settings.root() + "/nodes")
        .forEach(id -> nodeReads.put(id, state.async().get(nodePath(id)).toCompletableFuture()));
    Map<Integer, CompletableFuture<Optional<Node>>> partitionReads = new TreeMap<>();
    state.children(settings.root() + "/partitions").forEach(p -> partitionReads.put(Integer.parseInt(p),
        state.async().get(partitionPath(Integer.parseInt(p))).toCompletableFuture()));
    nodeReads.forEach((id, f) -> f.join().ifPresent(n -> nodes.put(id, versioned(n, NodeRecord.class))));
    partitionReads.forEach((p, f) -> f.join()
        .ifPresent(n -> partitions.put(p, versioned(n, PartitionRecord.class))));
  }

  private static <T> Versioned<T> versioned(Node n, Class<T> type) {
    return new Versioned<>(Json.read(n.data(), type), n.stat().version());
  }

  int partitionCount() {
    return partitions.size();
  }

  synchronized BeaconReply register(String id, String address, String incarnation) {
    Versioned<NodeRecord> old = nodes.get(id);
    NodeRecord rec = new NodeRecord(id, address, true, incarnation);
    Op op = old == null ? Op.create(nodePath(id), Json.bytes(rec), CreateMode.PERSISTENT)
        : Op.set(nodePath(id), Json.bytes(rec), old.version());
    List<OpResult> r = leadership.write(List.of(op));
    nodes.put(id, new Versioned<>(rec, versionOf(r.get(0))));
    lastBeacon.put(id, nanoClock.getAsLong());
    if (old == null || !incarnation.equals(old.value().incarnation()) || !old.value().alive()) {
      LOG.info("node {} registered at {}", id, address);
    }
    // A restarted node (new incarnation) lost its cache and must not share an epoch with its former self; a retried
    // registration of the same incarnation changes nothing.
    boolean restarted = old != null && old.value().alive() && !incarnation.equals(old.value().incarnation());
    rebalance(restarted ? Set.of(id) : Set.of());
    return reply(id);
  }

  synchronized BeaconReply beacon(String id) {
    Versioned<NodeRecord> n = nodes.get(id);
    if (n == null || !n.value().alive()) {
      throw new ApiException(410, "node " + id + " is not registered or was declared dead; register again");
    }
    lastBeacon.put(id, nanoClock.getAsLong());
    return reply(id);
  }

  private BeaconReply reply(String id) {
    List<Assignment> mine = new ArrayList<>();
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

  /** Declares dead every node silent for longer than lease + grace, and moves its partitions. */
  synchronized void detectFailures() {
    long limit = settings.nodeLease().plus(settings.nodeGrace()).toNanos();
    long now = nanoClock.getAsLong();
    List<String> dead = nodes.values().stream().map(Versioned::value)
        .filter(n -> n.alive() && now - lastBeacon.getOrDefault(n.id(), now) > limit)
        .map(NodeRecord::id).toList();
    if (!dead.isEmpty()) {
      declareDead(dead);
    }
  }

  synchronized void declareDead(List<String> ids) {
    List<Op> ops = new ArrayList<>();
    for (String id : ids) {
      Versioned<NodeRecord> n = nodes.get(id);
      if (n == null) {
        throw new ApiException(404, "no node " + id);
      }
      NodeRecord dead = new NodeRecord(id, n.value().address(), false, n.value().incarnation());
      ops.add(Op.set(nodePath(id), Json.bytes(dead), n.version()));
    }
    List<OpResult> r = leadership.write(ops);
    for (int i = 0; i < ids.size(); i++) {
      NodeRecord old = nodes.get(ids.get(i)).value();
      NodeRecord dead = new NodeRecord(old.id(), old.address(), false, old.incarnation());
      nodes.put(old.id(), new Versioned<>(dead, versionOf(r.get(i))));
      lastBeacon.remove(old.id());
    }
    LOG.warn("declared dead: {}", ids);
    rebalance(Set.of());
  }

  /** Runs the balancer; a partition whose primary changes (or whose primary is in {@code renew}) gets a new epoch. */
  synchronized void rebalance(Set<String> renew) {
    List<String> live = nodes.values().stream().map(Versioned::value).filter(NodeRecord::alive)
        .map(NodeRecord::id).sorted().toList();
    SortedMap<Integer, Placement> current = new TreeMap<>();
    partitions.forEach((p, v) -> current.put(p, new Placement(v.value().primary(), v.value().secondaries())));
    SortedMap<Integer, Placement> next = balancer.balance(current, live, settings.replicas());
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
        ops.add(Op.set(partitionPath(p), Json.bytes(rec), partitions.get(p).version()));
      }
    });
    if (ops.isEmpty()) {
      return;
    }
    List<OpResult> r = leadership.write(ops);
    int i = 0;
    for (PartitionRecord rec : changed.values()) {
      partitions.put(rec.id(), new Versioned<>(rec, versionOf(r.get(i++))));
    }
    LOG.info("placement changed for partitions {}", changed.keySet());
  }

  private static long versionOf(OpResult r) {
    if (r instanceof OpResult.Updated u) {
      return u.stat().version();
    }
    if (r instanceof OpResult.Created c) {
      return c.stat().version();
    }
    throw new IllegalStateException("unexpected result " + r);
  }

  private synchronized Versioned<PartitionRecord> partition(int p) {
    Versioned<PartitionRecord> v = partitions.get(p);
    if (v == null) {
      throw new ApiException(404, "no partition " + p + "; partitions are 0.." + (partitions.size() - 1));
    }
    return v;
  }

  /** Rejects a node that is not the primary of {@code p} at exactly {@code epoch}. */
  private Versioned<PartitionRecord> checkEpoch(String node, int p, long epoch) {
    Versioned<PartitionRecord> v = partition(p);
    PartitionRecord rec = v.value();
    if (!Objects.equals(node, rec.primary()) || rec.epoch() != epoch) {
      throw new ApiException(409, "stale epoch: node " + node + " at epoch " + epoch + " is not the primary of "
          + "partition " + p + " (primary " + rec.primary() + ", epoch " + rec.epoch() + ")");
    }
    return v;
  }

  PartitionData read(String node, int p, long epoch) {
    checkEpoch(node, p, epoch);
    Node n = state.get(dataPath(p)).orElseThrow();
    return new PartitionData(p, epoch, values(n));
  }

  @SuppressWarnings("unchecked")
  private static TreeMap<String, Long> values(Node n) {
    Map<String, Number> raw = Json.read(n.data(), Map.class);
    TreeMap<String, Long> out = new TreeMap<>();
    raw.forEach((k, v) -> out.put(k, v.longValue()));
    return out;
  }

  /**
   * Applies a primary's changes atomically with two fences: the partition record still has the version this leader
   * checked the epoch against, and this server still leads.
   */
  void writeBack(WriteBack w) {
    if (w.node() == null || w.values() == null) {
      throw new ApiException(400, "write-back needs node, partition, epoch and values");
    }
    for (Map.Entry<String, Long> e : w.values().entrySet()) {
      if (e.getValue() == null || KeySpace.partitionOf(e.getKey(), partitions.size()) != w.partition()) {
        throw new ApiException(400, "key '" + e.getKey() + "' with value " + e.getValue()
            + " does not belong to partition " + w.partition() + " or has no value");
      }
    }
    synchronized (dataLocks.computeIfAbsent(w.partition(), k -> new Object())) {
      for (int attempt = 0; ; attempt++) {
        Versioned<PartitionRecord> fence = checkEpoch(w.node(), w.partition(), w.epoch());
        Node current = state.get(dataPath(w.partition())).orElseThrow();
        TreeMap<String, Long> merged = values(current);
        merged.putAll(w.values());
        try {
          leadership.write(List.of(Op.check(partitionPath(w.partition()), fence.version()),
              Op.set(dataPath(w.partition()), Json.bytes(merged), current.stat().version())));
          return;
        } catch (TransactionFailedException | BadVersionException e) {
          if (!leadership.isLeading() || attempt >= 3) {
            throw e;
          }
          // The placement changed under us: the next round's epoch check answers 409 if it was ours.
        }
      }
    }
  }

  synchronized Route route(String key) {
    int p = KeySpace.partitionOf(key, partitions.size());
    PartitionRecord rec = partitions.get(p).value();
    if (rec.primary() == null) {
      throw new ApiException(503, "partition " + p + " has no live primary yet; retry");
    }
    return new Route(key, p, rec.primary(), nodes.get(rec.primary()).value().address(), rec.epoch());
  }

  synchronized List<NodeView> nodeViews() {
    long now = nanoClock.getAsLong();
    Map<String, int[]> counts = new HashMap<>();
    partitions.values().forEach(v -> {
      if (v.value().primary() != null) {
        counts.computeIfAbsent(v.value().primary(), k -> new int[2])[0]++;
      }
      v.value().secondaries().forEach(s -> counts.computeIfAbsent(s, k -> new int[2])[1]++);
    });
    return nodes.values().stream().map(Versioned::value).map(n -> {
      Long last = lastBeacon.get(n.id());
      int[] c = counts.getOrDefault(n.id(), new int[2]);
      return new NodeView(n.id(), n.address(), n.alive(), last == null ? -1 : (now - last) / 1_000_000, c[0], c[1]);
    }).toList();
  }

  synchronized List<PartitionRecord> partitionViews() {
    return partitions.values().stream().map(Versioned::value).toList();
  }
}
