package io.metastate.samples.metaserver;

import io.metastate.samples.metaserver.Records.NodeRecord;
import io.metastate.samples.metaserver.Records.PartitionRecord;
import io.metastate.samples.metaserver.http.Json;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's mirror of the cluster state in meta-state: node and partition records with the versions last read or
 * written, the paths they live at, and the one way to change them. Every write is fenced by leadership and
 * version-checked; when one fails — refused, or with an unknown outcome — the mirror is read back from meta-state, so
 * that it never drifts from what is stored (a stale version would fail every later write).
 */
final class ClusterState {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterState.class);

  /** A record with the version it has in meta-state. */
  record Versioned<T>(T value, long version) {}

  private final Settings settings;
  private final MetaStateService state;
  private final Leadership leadership;
  private final SortedMap<String, Versioned<NodeRecord>> nodes = new TreeMap<>();
  private final SortedMap<Integer, Versioned<PartitionRecord>> partitions = new TreeMap<>();

  ClusterState(Settings settings, MetaStateService state, Leadership leadership) {
    this.settings = settings;
    this.state = state;
    this.leadership = leadership;
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

  MetaStateService store() {
    return state;
  }

  /** Creates the layout if this is the cluster's first leader, then reads everything. */
  void layOut() {
    // The layout is created in this order, so its last directory existing means all do (one read, not four).
    boolean laidOut = state.exists(settings.root() + "/data").isPresent();
    for (String dir : laidOut ? List.<String>of() : List.of("", "/nodes", "/partitions", "/data")) {
      if (state.exists(settings.root() + dir).isEmpty()) {
        if (dir.isEmpty() && state.exists("/metaserver").isEmpty()) {
          write(List.of(Op.create("/metaserver", new byte[0], CreateMode.PERSISTENT)));
        }
        write(List.of(Op.create(settings.root() + dir, new byte[0], CreateMode.PERSISTENT)));
      }
    }
    List<String> existing = state.children(settings.root() + "/partitions");
    if (existing.isEmpty()) {
      List<Op> ops = new ArrayList<>();
      for (int p = 0; p < settings.partitions(); p++) {
        ops.add(Op.create(partitionPath(p), Json.bytes(new PartitionRecord(p, null, List.of(), 0)),
            CreateMode.PERSISTENT));
        ops.add(Op.create(dataPath(p), StoredValues.empty(), CreateMode.PERSISTENT));
      }
      write(ops);
    } else if (existing.size() != settings.partitions()) {
      LOG.warn("cluster {} has {} partitions in meta-state; metaserver.partitions={} is ignored",
          settings.cluster(), existing.size(), settings.partitions());
    }
    read();
  }

  /** Replaces the mirror with what meta-state holds now (followers use it to stay warm). */
  synchronized void read() {
    if (state.exists(settings.root() + "/partitions").isEmpty()) {
      return;
    }
    // Read in parallel: a new leader's take-over time is part of every leader failover.
    Map<String, CompletableFuture<Optional<Node>>> nodeReads = new TreeMap<>();
    state.children(settings.root() + "/nodes")
        .forEach(id -> nodeReads.put(id, state.async().get(nodePath(id)).toCompletableFuture()));
    Map<Integer, CompletableFuture<Optional<Node>>> partitionReads = new TreeMap<>();
    state.children(settings.root() + "/partitions").forEach(p -> partitionReads.put(Integer.parseInt(p),
        state.async().get(partitionPath(Integer.parseInt(p))).toCompletableFuture()));
    SortedMap<String, Versioned<NodeRecord>> n = new TreeMap<>();
    SortedMap<Integer, Versioned<PartitionRecord>> ps = new TreeMap<>();
    nodeReads.forEach((id, f) -> f.join().ifPresent(x -> n.put(id, versioned(x, NodeRecord.class))));
    partitionReads.forEach((p, f) -> f.join().ifPresent(x -> ps.put(p, versioned(x, PartitionRecord.class))));
    nodes.clear();
    nodes.putAll(n);
    partitions.clear();
    partitions.putAll(ps);
  }

  private static <T> Versioned<T> versioned(Node n, Class<T> type) {
    return new Versioned<>(Json.read(n.data(), type), n.stat().version());
  }

  /**
   * Applies {@code ops} atomically, fenced by leadership. On any failure the mirror is read back before the error
   * is rethrown: the write may have applied (an unknown outcome) or the mirror may be behind.
   */
  List<OpResult> write(List<Op> ops) {
    try {
      return leadership.write(ops);
    } catch (RuntimeException e) {
      try {
        read();
        LOG.warn("a leader write failed ({}); the cluster view was read back from meta-state", e.toString());
      } catch (RuntimeException again) {
        e.addSuppressed(again);
        LOG.warn("a leader write failed and the cluster view could not be read back", again);
      }
      throw e;
    }
  }

  static long versionOf(OpResult r) {
    if (r instanceof OpResult.Updated u) {
      return u.stat().version();
    }
    if (r instanceof OpResult.Created c) {
      return c.stat().version();
    }
    throw new IllegalStateException("unexpected result " + r);
  }

  synchronized Optional<Versioned<NodeRecord>> node(String id) {
    return Optional.ofNullable(nodes.get(id));
  }

  synchronized void putNode(NodeRecord rec, long version) {
    nodes.put(rec.id(), new Versioned<>(rec, version));
  }

  synchronized List<NodeRecord> nodes() {
    return nodes.values().stream().map(Versioned::value).toList();
  }

  /** The partition's record; refuses an unknown partition. */
  synchronized Versioned<PartitionRecord> partition(int p) {
    Versioned<PartitionRecord> v = partitions.get(p);
    if (v == null) {
      throw new Refusal(Refusal.Reason.UNKNOWN, "no partition " + p + "; partitions are 0.."
          + (partitions.size() - 1));
    }
    return v;
  }

  synchronized void putPartition(PartitionRecord rec, long version) {
    partitions.put(rec.id(), new Versioned<>(rec, version));
  }

  synchronized SortedMap<Integer, Versioned<PartitionRecord>> partitions() {
    return new TreeMap<>(partitions);
  }

  synchronized int partitionCount() {
    return partitions.size();
  }
}
