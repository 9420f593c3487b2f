package io.metastate.etcd;

import io.metastate.error.CoordinationException;
import io.metastate.error.TransactionFailedException;
import io.metastate.etcd.TransactionPlan.Compare;
import io.metastate.etcd.TransactionPlan.Pending;
import io.metastate.etcd.TransactionPlan.Put;
import io.metastate.etcd.TransactionPlan.Write;
import io.metastate.state.NodePath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link TransactionPlan} while {@link TransactionPlanner} builds it: what the ops so far compare, write and read,
 * and the tree as they leave it (the overlay), so that a later op sees the earlier ones' effects.
 */
final class PlanDraft {
  /** One node's state as the transaction's earlier ops left it (version -1: not known before commit). */
  record Sim(boolean exists, boolean ephemeral, long version) {}

  /**
   * A node set in this txn: the skew its meta key held, how many of our writes an earlier etcd put of the node already
   * stands for (etcd takes one put per key per Txn, so the meta key must keep the difference), and its lease.
   */
  record Merged(long baseSkew, long extraPuts, long lease) {}

  private static final byte[] EMPTY = new byte[0];

  final Keyspace ks;
  final Snapshot snap;
  final List<Compare> compares = new ArrayList<>();
  final List<Write> writes = new ArrayList<>();
  final ReadSet reads = new ReadSet();
  final Map<NodePath, Sim> overlay = new HashMap<>();
  final Map<NodePath, Merged> merged = new LinkedHashMap<>();
  final Map<NodePath, Long> nextSeq = new LinkedHashMap<>();
  final Set<NodePath> touchedParents = new LinkedHashSet<>();
  final Pending[] results;
  private final Set<String> writtenKeys = new LinkedHashSet<>();
  private final Map<String, Integer> writeAt = new HashMap<>();
  private TransactionFailedException failure;
  boolean needsSnapshot;

  PlanDraft(Keyspace ks, Snapshot snap, int ops) {
    this.ks = ks;
    this.snap = snap;
    this.results = new Pending[ops];
  }

  boolean failed() {
    return failure != null;
  }

  void fail(int i, CoordinationException reason) {
    if (failure == null) {
      failure = new TransactionFailedException(i, reason);
    }
  }

  /** Does the node exist (and is it ephemeral)? From the overlay, else the snapshot, else unknown (null). */
  Sim node(NodePath p) {
    if (p.isRoot()) {
      return new Sim(true, false, 0);
    }
    Sim s = overlay.get(p);
    if (s != null) {
      return s;
    }
    String k = ks.nodeKey(p);
    if (snap != null && snap.has(k)) {
      Snapshot.Entry kv = snap.get(k);
      long skew = snap.has(ks.metaKey(p)) ? Snapshot.skew(snap.get(ks.metaKey(p))) : 0;
      return new Sim(kv != null, kv != null && kv.lease() != 0, kv == null ? -1 : kv.version() - 1 + skew);
    }
    return null;
  }

  /** Reads a node's key and its meta key: true if the snapshot already has both. */
  boolean readNode(String key, String meta) {
    reads.keys.add(key);
    reads.keys.add(meta);
    return snap != null && snap.has(key) && snap.has(meta);
  }

  /** Our version of a node the snapshot has: etcd's version - 1, plus the skew its meta key holds. */
  long version(Snapshot.Entry kv, String meta) {
    return kv.version() - 1 + Snapshot.skew(snap.get(meta));
  }

  /** Read {@code key}, and if the snapshot has it, require it unchanged since. */
  void pin(String key) {
    reads.keys.add(key);
    if (snap != null && snap.has(key)) {
      Snapshot.Entry kv = snap.get(key);
      compares.add(kv == null ? Compare.absent(key) : Compare.modRevision(key, kv.modRevision()));
    }
  }

  /** A second put of the same key replaces the first (etcd allows one write per key per Txn): true if it did. */
  boolean put(Put put) {
    Integer at = writeAt.get(put.key());
    if (at != null && writes.get(at) instanceof Put) {
      writes.set(at, put);
      return true;
    }
    write(put);
    return false;
  }

  void write(Write w) {
    writeAt.put(w.key(), writes.size());
    if (!writtenKeys.add(w.key())) {
      throw new CoordinationException("etcd cannot write one key twice in a transaction, and this multi writes "
          + w.key().substring(ks.namespace().length()) + " twice; split it into separate operations", false);
    }
    writes.add(w);
  }

  /** The plan; when it can commit, with the bookkeeping writes (child markers, meta skews, sequence counters). */
  TransactionPlan finish() {
    if (failure == null && !needsSnapshot) {
      for (NodePath parent : touchedParents) {
        String marker = ks.childMarker(parent);
        if (!writtenKeys.contains(marker)) {
          write(new Put(marker, EMPTY, 0, false));
        }
      }
      for (Map.Entry<NodePath, Merged> e : merged.entrySet()) {
        Merged m = e.getValue();
        if (m.extraPuts() > 0) {
          put(new Put(ks.metaKey(e.getKey()), text(m.baseSkew() + m.extraPuts()), m.lease(), false));
        }
      }
      for (Map.Entry<NodePath, Long> e : nextSeq.entrySet()) {
        write(new Put(ks.sequenceKey(e.getKey()), text(e.getValue()), 0, false));
      }
    }
    return new TransactionPlan(List.copyOf(compares), List.copyOf(writes), reads, Arrays.asList(results), failure,
        needsSnapshot);
  }

  static byte[] text(long n) {
    return Long.toString(n).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] empty() {
    return EMPTY;
  }
}
