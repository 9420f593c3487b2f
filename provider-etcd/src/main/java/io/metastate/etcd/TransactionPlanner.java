package io.metastate.etcd;

import io.metastate.error.BadVersionException;
import io.metastate.error.InvalidPathException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.NoNodeException;
import io.metastate.etcd.PlanDraft.Merged;
import io.metastate.etcd.PlanDraft.Sim;
import io.metastate.etcd.TransactionPlan.Compare;
import io.metastate.etcd.TransactionPlan.Put;
import io.metastate.etcd.TransactionPlan.Ready;
import io.metastate.lock.LockLease;
import io.metastate.state.NodePath;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import java.util.List;
import java.util.function.Function;

/**
 * The pure half of a multi-op on etcd: from the ops and a {@link Snapshot} of what was read (or none yet), decides one
 * attempt's {@link TransactionPlan}. Without a snapshot it plans semantic compares (parent exists and is not
 * ephemeral, node absent, version = expected + 1); with one it evaluates the ops in order on it, reports the first
 * that fails there, and otherwise pins every key it relied on by mod revision and writes what the snapshot implies
 * (the node's lease, the next sequence number). No I/O: {@link Transaction} reads, commits and retries around it.
 */
final class TransactionPlanner {
  private final Keyspace ks;
  private final List<Op> ops;
  private final long sessionLease;
  private final Function<LockLease, String> claimKey;
  private final ShapeRules shape;

  /**
   * @param sessionLease the client's etcd lease, which ephemeral nodes are put on
   * @param claimKey the claim key of a lease given to {@link Op#lockHeld} (its create revision is the token)
   */
  TransactionPlanner(Keyspace ks, List<Op> ops, long sessionLease, Function<LockLease, String> claimKey) {
    this.ks = ks;
    this.ops = List.copyOf(ops);
    this.sessionLease = sessionLease;
    this.claimKey = claimKey;
    this.shape = new ShapeRules(ks, sessionLease);
  }

  /** Sequential creates and deletes need a snapshot from the start (counter, children). */
  boolean needsRead() {
    return ops.stream().anyMatch(op -> op instanceof Op.Delete
        || (op instanceof Op.Create c && c.mode().isSequential()));
  }

  TransactionPlan plan(Snapshot snap) {
    PlanDraft p = new PlanDraft(ks, snap, ops.size());
    for (int i = 0; i < ops.size() && !p.failed(); i++) {
      Op op = ops.get(i);
      if (op instanceof Op.Check c) {
        check(p, i, NodePath.of(c.path()), c.expectedVersion());
      } else if (op instanceof Op.Create c) {
        shape.create(p, i, c);
      } else if (op instanceof Op.Set s) {
        set(p, i, s);
      } else if (op instanceof Op.Delete d) {
        shape.delete(p, i, d);
      } else if (op instanceof Op.LockHeld lh) {
        lockHeld(p, i, lh.lease());
      }
    }
    return p.finish();
  }

  private void check(PlanDraft p, int i, NodePath path, long expected) {
    p.results[i] = new Ready(new OpResult.Checked(path.value()));
    if (path.isRoot()) {
      if (expected != Op.ANY_VERSION && expected != 0) {
        p.fail(i, new BadVersionException("/", expected));
      }
      return;
    }
    Sim s = p.overlay.get(path);
    if (s != null) {
      if (!s.exists()) {
        p.fail(i, new NoNodeException(path.value()));
      } else if (expected != Op.ANY_VERSION && expected != s.version()) {
        p.fail(i, new BadVersionException(path.value(), expected)); // as this txn's earlier ops leave it
      }
      return;
    }
    String key = ks.nodeKey(path);
    String meta = ks.metaKey(path);
    if (p.readNode(key, meta)) {
      Snapshot.Entry kv = p.snap.get(key);
      if (kv == null) {
        p.fail(i, new NoNodeException(path.value()));
        return;
      }
      if (expected != Op.ANY_VERSION && p.version(kv, meta) != expected) {
        p.fail(i, new BadVersionException(path.value(), expected));
        return;
      }
      p.pin(key);
      p.pin(meta);
    } else if (expected == Op.ANY_VERSION) {
      p.compares.add(Compare.exists(key));
    } else {
      p.compares.add(Compare.version(key, expected + 1));
      p.compares.add(Compare.absent(meta)); // no skew assumed
    }
  }

  private void set(PlanDraft p, int i, Op.Set s) {
    NodePath path = NodePath.of(s.path());
    if (path.isRoot()) {
      p.fail(i, new InvalidPathException("/", "the root cannot be set"));
      return;
    }
    Sim o = p.overlay.get(path);
    if (o != null && !o.exists()) {
      p.fail(i, new NoNodeException(path.value()));
      return;
    }
    String key = ks.nodeKey(path);
    String meta = ks.metaKey(path);
    long expected = s.expectedVersion();
    long lease;
    long newVersion;
    long baseSkew = 0;
    if (o != null) {
      if (expected != Op.ANY_VERSION && expected != o.version()) {
        p.fail(i, new BadVersionException(path.value(), expected));
        return;
      }
      Merged known = p.merged.get(path);
      lease = known != null ? known.lease() : o.ephemeral() ? sessionLease : 0;
      newVersion = o.version() < 0 ? -1 : o.version() + 1;
    } else {
      if (p.readNode(key, meta)) {
        Snapshot.Entry kv = p.snap.get(key);
        if (kv == null) {
          p.fail(i, new NoNodeException(path.value()));
          return;
        }
        baseSkew = Snapshot.skew(p.snap.get(meta));
        long version = p.version(kv, meta);
        if (expected != Op.ANY_VERSION && version != expected) {
          p.fail(i, new BadVersionException(path.value(), expected));
          return;
        }
        lease = kv.lease(); // keep an ephemeral node on its lease
        newVersion = version + 1;
        p.pin(key);
        p.pin(meta);
      } else {
        lease = 0;
        p.compares.add(expected == Op.ANY_VERSION ? Compare.exists(key) : Compare.version(key, expected + 1));
        p.compares.add(Compare.absent(meta)); // persistent, no skew
        newVersion = expected == Op.ANY_VERSION ? -1 : expected + 1;
      }
    }
    if (p.put(new Put(key, s.data(), lease, true))) {
      // the node was already put in this txn: one etcd put stands for two of ours; the meta key keeps the difference
      Merged m = p.merged.getOrDefault(path, new Merged(0, 0, 0));
      p.merged.put(path, new Merged(m.baseSkew(), m.extraPuts() + 1, lease));
    } else {
      p.merged.put(path, new Merged(baseSkew, 0, lease)); // not written again: the meta key stays as it is
    }
    p.overlay.put(path, new Sim(true, lease != 0, newVersion));
    p.results[i] = new TransactionPlan.Updated(path.value(), key, newVersion, lease);
  }

  private void lockHeld(PlanDraft p, int i, LockLease lease) {
    String key = claimKey.apply(lease);
    long token = lease.token().value();
    p.reads.keys.add(key);
    if (p.snap != null && p.snap.has(key)) {
      Snapshot.Entry kv = p.snap.get(key);
      if (kv == null || kv.createRevision() != token) {
        p.fail(i, new LeaseLostException(lease.name(), "its claim " + key + " with token " + token
            + " is gone (released, force-released, or the session expired)"));
        return;
      }
    }
    p.compares.add(Compare.createRevision(key, token));
    p.results[i] = new Ready(new OpResult.Checked(null));
  }
}
