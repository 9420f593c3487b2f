package io.metastate.etcd;

import io.metastate.error.BadVersionException;
import io.metastate.error.InvalidPathException;
import io.metastate.error.NoChildrenForEphemeralsException;
import io.metastate.error.NoNodeException;
import io.metastate.error.NodeExistsException;
import io.metastate.error.NotEmptyException;
import io.metastate.etcd.PlanDraft.Sim;
import io.metastate.etcd.TransactionPlan.Compare;
import io.metastate.etcd.TransactionPlan.Delete;
import io.metastate.etcd.TransactionPlan.Put;
import io.metastate.etcd.TransactionPlan.Ready;
import io.metastate.state.CreateMode;
import io.metastate.state.NodePath;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import java.util.List;
import java.util.Map;

/**
 * The planner's rules for the ops that change the tree's shape: a create (the parent exists and is not ephemeral, the
 * name is free, a sequential name takes the parent's counter) and a delete (the node has no children, as the
 * snapshot and this transaction's earlier ops leave them). Part of {@link TransactionPlanner}: pure, no I/O.
 */
final class ShapeRules {
  private final Keyspace ks;
  private final long sessionLease;

  ShapeRules(Keyspace ks, long sessionLease) {
    this.ks = ks;
    this.sessionLease = sessionLease;
  }

  void create(PlanDraft p, int i, Op.Create c) {
    NodePath path = NodePath.of(c.path());
    if (path.isRoot()) {
      p.fail(i, new NodeExistsException("/"));
      return;
    }
    NodePath parent = path.parent().orElseThrow();
    if (!parentAllowsChild(p, i, path, parent)) {
      return;
    }
    // the name
    NodePath actual = path;
    if (c.mode().isSequential()) {
      String seqKey = ks.sequenceKey(parent);
      Long next = p.nextSeq.get(parent);
      if (next == null) {
        p.reads.keys.add(seqKey);
        if (p.snap == null || !p.snap.has(seqKey)) {
          p.needsSnapshot = true;
          return;
        }
        Snapshot.Entry kv = p.snap.get(seqKey);
        next = kv == null ? 0L : Long.parseLong(kv.text());
        p.pin(seqKey);
      }
      actual = NodePath.of(path.value() + CreateMode.sequenceSuffix(next));
      p.nextSeq.put(parent, next + 1);
    }
    Sim existing = p.overlay.get(actual);
    String key = ks.nodeKey(actual);
    if (existing != null) {
      if (existing.exists()) {
        p.fail(i, new NodeExistsException(actual.value()));
        return;
      }
    } else {
      p.reads.keys.add(key);
      if (p.snap != null && p.snap.has(key)) {
        if (p.snap.get(key) != null) {
          p.fail(i, new NodeExistsException(actual.value()));
          return;
        }
        p.pin(key);
      } else {
        p.compares.add(Compare.absent(key));
      }
    }
    boolean eph = c.mode().isEphemeral();
    long lease = eph ? sessionLease : 0;
    p.write(new Put(key, c.data(), lease, false));
    if (eph) {
      p.write(new Put(ks.metaKey(actual), PlanDraft.empty(), lease, false));
    }
    p.merged.remove(actual);
    p.touchedParents.add(parent);
    p.overlay.put(actual, new Sim(true, eph, 0));
    p.results[i] = new TransactionPlan.Created(actual.value(), lease);
  }

  /** The parent of a created node: exists and is not ephemeral (false: op {@code i} failed). */
  private boolean parentAllowsChild(PlanDraft p, int i, NodePath path, NodePath parent) {
    Sim ps = p.node(parent);
    if (ps != null && !ps.exists()) {
      p.fail(i, new NoNodeException(parent.value()));
      return false;
    }
    if (!parent.isRoot() && !p.overlay.containsKey(parent)) {
      String pk = ks.nodeKey(parent);
      String marker = ks.metaKey(parent);
      if (p.readNode(pk, marker)) {
        if (p.snap.get(pk) != null && p.snap.get(pk).lease() != 0) {
          p.fail(i, new NoChildrenForEphemeralsException(path.value()));
          return false;
        }
        p.pin(pk);
        p.pin(marker);
      } else {
        p.compares.add(Compare.exists(pk));
        p.compares.add(Compare.absent(marker));
      }
    } else if (ps != null && ps.ephemeral()) {
      p.fail(i, new NoChildrenForEphemeralsException(path.value()));
      return false;
    }
    return true;
  }

  void delete(PlanDraft p, int i, Op.Delete d) {
    NodePath path = NodePath.of(d.path());
    if (path.isRoot()) {
      p.fail(i, new InvalidPathException("/", "the root cannot be deleted"));
      return;
    }
    Sim o = p.overlay.get(path);
    String key = ks.nodeKey(path);
    String meta = ks.metaKey(path);
    String childMarker = ks.childMarker(path);
    String childrenPrefix = ks.childrenPrefix(path);
    if (o != null) {
      if (!o.exists()) {
        p.fail(i, new NoNodeException(path.value()));
        return;
      }
    } else {
      boolean known = p.readNode(key, meta);
      p.reads.keys.add(childMarker);
      p.reads.ranges.add(childrenPrefix);
      if (!known) {
        p.needsSnapshot = true;
        return;
      }
      Snapshot.Entry kv = p.snap.get(key);
      if (kv == null) {
        p.fail(i, new NoNodeException(path.value()));
        return;
      }
      if (d.expectedVersion() != Op.ANY_VERSION && p.version(kv, meta) != d.expectedVersion()) {
        p.fail(i, new BadVersionException(path.value(), d.expectedVersion()));
        return;
      }
      p.pin(key);
      p.pin(meta);
      p.pin(childMarker);
    }
    List<String> listed = p.snap == null ? null : p.snap.ranges.get(childrenPrefix);
    if (listed == null) {
      p.reads.ranges.add(childrenPrefix);
      p.needsSnapshot = true;
      return;
    }
    if (hasChildren(p, path, listed)) {
      p.fail(i, new NotEmptyException(path.value()));
      return;
    }
    p.write(new Delete(key));
    for (String aux : List.of(meta, childMarker, ks.sequenceKey(path))) {
      p.write(new Delete(aux));
    }
    p.overlay.put(path, new Sim(false, false, -1));
    p.results[i] = new Ready(new OpResult.Deleted(path.value()));
  }

  /** Children: those in the snapshot, minus those this txn deleted, plus those it created. */
  private boolean hasChildren(PlanDraft p, NodePath path, List<String> listed) {
    List<NodePath> snapshotted = listed.stream().map(ks::pathOf).toList();
    for (NodePath child : snapshotted) {
      Sim c = p.overlay.get(child);
      if (c == null || c.exists()) {
        return true;
      }
    }
    for (Map.Entry<NodePath, Sim> e : p.overlay.entrySet()) {
      if (e.getValue().exists() && e.getKey().parent().map(path::equals).orElse(false)
          && !snapshotted.contains(e.getKey())) {
        return true;
      }
    }
    return false;
  }

}
