package io.metastate.etcd;

import static io.metastate.etcd.Keyspace.bytes;
import static io.metastate.etcd.Keyspace.string;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.metastate.error.BadVersionException;
import io.metastate.error.ConfigurationException;
import io.metastate.error.ConnectionLossException;
import io.metastate.error.CoordinationException;
import io.metastate.error.InvalidPathException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.NoChildrenForEphemeralsException;
import io.metastate.error.NoNodeException;
import io.metastate.error.NodeExistsException;
import io.metastate.error.NotEmptyException;
import io.metastate.error.TransactionFailedException;
import io.metastate.state.CreateMode;
import io.metastate.state.Limits;
import io.metastate.state.NodePath;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import io.metastate.state.Stat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A multi-op as ONE etcd Txn. First attempt (when no op needs a read): semantic compares (parent exists, parent not
 * ephemeral, node absent, version = expected + 1), with the keys they touch read in the Else branch. If the Txn
 * fails, the ops are evaluated in order on that Else snapshot: the first op that fails there is reported (consistent
 * at one revision); if none fails (a set hit an ephemeral node, a counter moved), the next attempt pins every key of
 * the snapshot by mod revision and writes what the snapshot implies (the node's lease, the next sequence number).
 *
 * <p>Sequential creates and deletes need a snapshot from the start (counter, children), so they read first: two
 * round trips. etcd refuses two writes to one key in a Txn, so a multi that would write one node twice is refused.
 */
final class Transaction {
  private static final int MAX_ATTEMPTS = 64;

  private final EtcdCoordinationClient client;
  private final Keyspace ks;
  private final List<Op> ops;
  private final Limits limits;

  Transaction(EtcdCoordinationClient client, List<Op> ops, Limits limits) {
    this.client = client;
    this.ks = client.keys();
    this.ops = List.copyOf(ops);
    this.limits = limits;
  }

  CompletableFuture<List<OpResult>> run() {
    validate();
    boolean needsRead = ops.stream().anyMatch(op -> op instanceof Op.Delete
        || (op instanceof Op.Create c && c.mode().isSequential()));
    if (!needsRead) {
      return attempt(null, 1);
    }
    return read(readSet(null)).thenCompose(s -> attempt(s, 1));
  }

  // ---- validation, before anything is sent

  private void validate() {
    if (ops.isEmpty()) {
      throw new IllegalArgumentException("a multi needs at least one operation");
    }
    for (Op op : ops) {
      if (op instanceof Op.LockHeld lh) {
        if (!(lh.lease() instanceof EtcdLockLease)) {
          throw new ConfigurationException("Op.lockHeld got a lease from another provider ("
              + lh.lease().getClass().getName() + "); fenced multi-ops need metastate.lock.provider and"
              + " metastate.state.provider on one backend (both etcd)");
        }
        continue;
      }
      limits.checkPath(op.path());
      if (op instanceof Op.Create c) {
        limits.checkValue(c.path(), c.data());
      } else if (op instanceof Op.Set s) {
        limits.checkValue(s.path(), s.data());
      }
    }
  }

  // ---- the plan for one attempt

  /** One node's state as the transaction's earlier ops left it. */
  private record Sim(boolean exists, boolean ephemeral, long version) {}

  private final class Plan {
    final Snapshot snap;
    final List<Cmp> cmps = new ArrayList<>();
    final List<io.etcd.jetcd.op.Op> writes = new ArrayList<>();
    final Set<String> writtenKeys = new LinkedHashSet<>();
    final Map<String, Integer> writeAt = new HashMap<>();
    /** Nodes put more than once in this txn: their base skew, extra puts and lease. */
    final Map<NodePath, long[]> merged = new LinkedHashMap<>();
    final ReadSet reads = new ReadSet();
    final Map<NodePath, Sim> overlay = new HashMap<>();
    final Map<NodePath, Long> nextSeq = new LinkedHashMap<>();
    final Set<NodePath> touchedParents = new LinkedHashSet<>();
    final Object[] results = new Object[ops.size()];
    TransactionFailedException failure;
    boolean needsSnapshot;

    Plan(Snapshot snap) {
      this.snap = snap;
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
        KeyValue kv = snap.get(k);
        long skew = snap.has(ks.metaKey(p)) ? skew(snap.get(ks.metaKey(p))) : 0;
        return new Sim(kv != null, kv != null && kv.getLease() != 0, kv == null ? -1 : kv.getVersion() - 1 + skew);
      }
      return null;
    }

    void pin(String key) {
      reads.keys.add(key);
      if (snap != null && snap.has(key)) {
        KeyValue kv = snap.get(key);
        cmps.add(kv == null ? new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.createRevision(0))
            : new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.modRevision(kv.getModRevision())));
      }
    }

    /** A second put of the same key replaces the first (etcd allows one write per key per Txn). */
    boolean put(String key, io.etcd.jetcd.op.Op op) {
      Integer at = writeAt.get(key);
      if (at != null && writes.get(at) instanceof io.etcd.jetcd.op.Op.PutOp) {
        writes.set(at, op);
        return true;
      }
      write(key, op);
      return false;
    }

    void write(String key, io.etcd.jetcd.op.Op op) {
      writeAt.put(key, writes.size());
      if (!writtenKeys.add(key)) {
        throw new CoordinationException("etcd cannot write one key twice in a transaction, and this multi writes "
            + key.substring(ks.namespace().length()) + " twice; split it into separate operations", false);
      }
      writes.add(op);
    }
  }

  private Plan plan(Snapshot snap) {
    Plan p = new Plan(snap);
    for (int i = 0; i < ops.size() && p.failure == null; i++) {
      Op op = ops.get(i);
      if (op instanceof Op.Check c) {
        check(p, i, NodePath.of(c.path()), c.expectedVersion());
      } else if (op instanceof Op.Create c) {
        create(p, i, c);
      } else if (op instanceof Op.Set s) {
        set(p, i, s);
      } else if (op instanceof Op.Delete d) {
        delete(p, i, d);
      } else if (op instanceof Op.LockHeld lh) {
        lockHeld(p, i, (EtcdLockLease) lh.lease());
      }
    }
    return p;
  }

  private void check(Plan p, int i, NodePath path, long expected) {
    p.results[i] = new OpResult.Checked(path.value());
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
    p.reads.keys.add(key);
    p.reads.keys.add(meta);
    if (p.snap != null && p.snap.has(key) && p.snap.has(meta)) {
      KeyValue kv = p.snap.get(key);
      if (kv == null) {
        p.fail(i, new NoNodeException(path.value()));
        return;
      }
      if (expected != Op.ANY_VERSION && kv.getVersion() - 1 + skew(p.snap.get(meta)) != expected) {
        p.fail(i, new BadVersionException(path.value(), expected));
        return;
      }
      p.pin(key);
      p.pin(meta);
    } else if (expected == Op.ANY_VERSION) {
      p.cmps.add(new Cmp(bytes(key), Cmp.Op.GREATER, CmpTarget.createRevision(0)));
    } else {
      p.cmps.add(new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.version(expected + 1)));
      p.cmps.add(new Cmp(bytes(meta), Cmp.Op.EQUAL, CmpTarget.createRevision(0))); // no skew assumed
    }
  }

  private void create(Plan p, int i, Op.Create c) {
    NodePath path = NodePath.of(c.path());
    if (path.isRoot()) {
      p.fail(i, new NodeExistsException("/"));
      return;
    }
    NodePath parent = path.parent().orElseThrow();
    // the parent: exists and is not ephemeral
    Sim ps = p.node(parent);
    if (ps != null && !ps.exists()) {
      p.fail(i, new NoNodeException(parent.value()));
      return;
    }
    if (!parent.isRoot() && !p.overlay.containsKey(parent)) {
      String pk = ks.nodeKey(parent);
      String marker = ks.metaKey(parent);
      p.reads.keys.add(pk);
      p.reads.keys.add(marker);
      if (p.snap != null && p.snap.has(pk) && p.snap.has(marker)) {
        if (p.snap.get(pk) != null && p.snap.get(pk).getLease() != 0) {
          p.fail(i, new NoChildrenForEphemeralsException(path.value()));
          return;
        }
        p.pin(pk);
        p.pin(marker);
      } else {
        p.cmps.add(new Cmp(bytes(pk), Cmp.Op.GREATER, CmpTarget.createRevision(0)));
        p.cmps.add(new Cmp(bytes(marker), Cmp.Op.EQUAL, CmpTarget.createRevision(0)));
      }
    } else if (ps != null && ps.ephemeral()) {
      p.fail(i, new NoChildrenForEphemeralsException(path.value()));
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
        KeyValue kv = p.snap.get(seqKey);
        next = kv == null ? 0L : Long.parseLong(string(kv.getValue()));
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
        p.cmps.add(new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.createRevision(0)));
      }
    }
    boolean eph = c.mode().isEphemeral();
    long lease = eph ? client.leaseId() : 0;
    PutOption put = eph ? PutOption.builder().withLeaseId(lease).build() : PutOption.DEFAULT;
    p.write(key, io.etcd.jetcd.op.Op.put(bytes(key), io.etcd.jetcd.ByteSequence.from(c.data()), put));
    if (eph) {
      String marker = ks.metaKey(actual);
      p.write(marker, io.etcd.jetcd.op.Op.put(bytes(marker), bytes(""), put));
    }
    p.merged.remove(actual);
    p.touchedParents.add(parent);
    p.overlay.put(actual, new Sim(true, eph, 0));
    p.results[i] = new Created(actual.value(), lease);
  }

  private void set(Plan p, int i, Op.Set s) {
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
    long lease;
    long newVersion = -1;
    long baseSkew = 0;
    if (o != null) {
      if (s.expectedVersion() != Op.ANY_VERSION && s.expectedVersion() != o.version()) {
        p.fail(i, new BadVersionException(path.value(), s.expectedVersion()));
        return;
      }
      lease = o.ephemeral() ? client.leaseId() : 0;
      long[] known = p.merged.get(path);
      lease = known != null ? known[2] : lease;
      newVersion = o.version() < 0 ? -1 : o.version() + 1;
    } else {
      p.reads.keys.add(key);
      p.reads.keys.add(meta);
      if (p.snap != null && p.snap.has(key) && p.snap.has(meta)) {
        KeyValue kv = p.snap.get(key);
        if (kv == null) {
          p.fail(i, new NoNodeException(path.value()));
          return;
        }
        baseSkew = skew(p.snap.get(meta));
        long version = kv.getVersion() - 1 + baseSkew;
        if (s.expectedVersion() != Op.ANY_VERSION && version != s.expectedVersion()) {
          p.fail(i, new BadVersionException(path.value(), s.expectedVersion()));
          return;
        }
        lease = kv.getLease(); // keep an ephemeral node on its lease
        newVersion = version + 1;
        p.pin(key);
        p.pin(meta);
      } else {
        lease = 0;
        p.cmps.add(s.expectedVersion() == Op.ANY_VERSION
            ? new Cmp(bytes(key), Cmp.Op.GREATER, CmpTarget.createRevision(0))
            : new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.version(s.expectedVersion() + 1)));
        p.cmps.add(new Cmp(bytes(meta), Cmp.Op.EQUAL, CmpTarget.createRevision(0))); // persistent, no skew
        newVersion = s.expectedVersion() == Op.ANY_VERSION ? -1 : s.expectedVersion() + 1;
      }
    }
    PutOption.Builder put = PutOption.builder().withPrevKV();
    if (lease != 0) {
      put.withLeaseId(lease);
    }
    if (p.put(key, io.etcd.jetcd.op.Op.put(bytes(key), io.etcd.jetcd.ByteSequence.from(s.data()), put.build()))) {
      // the node was already put in this txn: one etcd put stands for two of ours; the meta key keeps the difference
      long[] m = p.merged.computeIfAbsent(path, x -> new long[] {0, 0, 0});
      m[1]++;
      m[2] = lease;
    } else {
      p.merged.put(path, new long[] {baseSkew, 0, lease}); // not written again: the meta key stays as it is
    }
    p.overlay.put(path, new Sim(true, lease != 0, newVersion));
    p.results[i] = new Updated(path.value(), p.writeAt.get(key), newVersion, lease);
  }

  static long skew(KeyValue meta) {
    if (meta == null || meta.getValue().isEmpty()) {
      return 0;
    }
    return Long.parseLong(string(meta.getValue()));
  }

  private void delete(Plan p, int i, Op.Delete d) {
    NodePath path = NodePath.of(d.path());
    if (path.isRoot()) {
      p.fail(i, new InvalidPathException("/", "the root cannot be deleted"));
      return;
    }
    Sim o = p.overlay.get(path);
    String key = ks.nodeKey(path);
    String childMarker = ks.childMarker(path);
    String childrenPrefix = ks.childrenPrefix(path);
    if (o != null) {
      if (!o.exists()) {
        p.fail(i, new NoNodeException(path.value()));
        return;
      }
    } else {
      p.reads.keys.add(key);
      p.reads.keys.add(ks.metaKey(path));
      p.reads.keys.add(childMarker);
      p.reads.ranges.add(childrenPrefix);
      if (p.snap == null || !p.snap.has(key) || !p.snap.has(ks.metaKey(path))) {
        p.needsSnapshot = true;
        return;
      }
      KeyValue kv = p.snap.get(key);
      if (kv == null) {
        p.fail(i, new NoNodeException(path.value()));
        return;
      }
      if (d.expectedVersion() != Op.ANY_VERSION && kv.getVersion() - 1 + skew(p.snap.get(ks.metaKey(path))) != d.expectedVersion()) {
        p.fail(i, new BadVersionException(path.value(), d.expectedVersion()));
        return;
      }
      p.pin(key);
      p.pin(ks.metaKey(path));
      p.pin(childMarker);
    }
    // children: those in the snapshot, minus those this txn deleted, plus those it created
    int children = 0;
    List<KeyValue> listed = p.snap == null ? null : p.snap.ranges.get(childrenPrefix);
    if (listed == null) {
      p.reads.ranges.add(childrenPrefix);
      p.needsSnapshot = true;
      return;
    }
    for (KeyValue kv : listed) {
      Sim c = p.overlay.get(ks.pathOf(string(kv.getKey())));
      if (c == null || c.exists()) {
        children++;
      }
    }
    for (Map.Entry<NodePath, Sim> e : p.overlay.entrySet()) {
      if (e.getValue().exists() && e.getKey().parent().map(path::equals).orElse(false)
          && listed.stream().noneMatch(kv -> ks.pathOf(string(kv.getKey())).equals(e.getKey()))) {
        children++;
      }
    }
    if (children > 0) {
      p.fail(i, new NotEmptyException(path.value()));
      return;
    }
    p.write(key, io.etcd.jetcd.op.Op.delete(bytes(key), DeleteOption.DEFAULT));
    for (String aux : List.of(ks.metaKey(path), childMarker, ks.sequenceKey(path))) {
      p.write(aux, io.etcd.jetcd.op.Op.delete(bytes(aux), DeleteOption.DEFAULT));
    }
    p.overlay.put(path, new Sim(false, false, -1));
    p.results[i] = new OpResult.Deleted(path.value());
  }

  private void lockHeld(Plan p, int i, EtcdLockLease lease) {
    String key = lease.key();
    p.reads.keys.add(key);
    if (p.snap != null && p.snap.has(key)) {
      KeyValue kv = p.snap.get(key);
      if (kv == null || kv.getCreateRevision() != lease.token().value()) {
        p.fail(i, new LeaseLostException(lease.name(), "its claim " + key + " with token " + lease.token().value()
            + " is gone (released, force-released, or the session expired)"));
        return;
      }
    }
    p.cmps.add(new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.createRevision(lease.token().value())));
    p.results[i] = new OpResult.Checked(null);
  }

  // ---- running it

  private CompletableFuture<List<OpResult>> attempt(Snapshot snap, int attempt) {
    Plan p = plan(snap);
    if (p.failure != null) {
      if (snap != null) {
        return CompletableFuture.failedFuture(p.failure);
      }
      // a local conflict seen without reading: decide on real state instead
      return read(p.reads).thenCompose(s -> attempt(s, attempt + 1));
    }
    if (p.needsSnapshot) {
      return read(p.reads).thenCompose(s -> attempt(s, attempt + 1));
    }
    for (NodePath parent : p.touchedParents) {
      String marker = ks.childMarker(parent);
      if (!p.writtenKeys.contains(marker)) {
        p.write(marker, io.etcd.jetcd.op.Op.put(bytes(marker), bytes(""), PutOption.DEFAULT));
      }
    }
    for (Map.Entry<NodePath, long[]> e : p.merged.entrySet()) {
      long[] m = e.getValue();
      if (m[1] > 0) {
        String meta = ks.metaKey(e.getKey());
        PutOption opt = m[2] != 0 ? PutOption.builder().withLeaseId(m[2]).build() : PutOption.DEFAULT;
        p.put(meta, io.etcd.jetcd.op.Op.put(bytes(meta), bytes(Long.toString(m[0] + m[1])), opt));
      }
    }
    for (Map.Entry<NodePath, Long> e : p.nextSeq.entrySet()) {
      String seqKey = ks.sequenceKey(e.getKey());
      p.write(seqKey, io.etcd.jetcd.op.Op.put(bytes(seqKey), bytes(Long.toString(e.getValue())), PutOption.DEFAULT));
    }
    List<io.etcd.jetcd.op.Op> elseReads = p.reads.ops();
    return client.call(client.jetcd().getKVClient().txn()
        .If(p.cmps.toArray(Cmp[]::new))
        .Then(p.writes.toArray(io.etcd.jetcd.op.Op[]::new))
        .Else(elseReads.toArray(io.etcd.jetcd.op.Op[]::new)).commit(), "transaction", Errors.Kind.WRITE)
        .thenCompose(r -> {
          if (r.isSucceeded()) {
            return CompletableFuture.completedFuture(results(p, r));
          }
          if (attempt >= MAX_ATTEMPTS) {
            return CompletableFuture.failedFuture(new ConnectionLossException("transaction kept conflicting with"
                + " concurrent writers for " + attempt + " attempts; nothing was applied, retry later", null));
          }
          return attempt(p.reads.snapshot(r.getHeader().getRevision(), r.getGetResponses()), attempt + 1);
        });
  }

  private CompletableFuture<Snapshot> read(ReadSet reads) {
    List<io.etcd.jetcd.op.Op> gets = reads.ops();
    return client.call(client.jetcd().getKVClient().txn().Then(gets.toArray(io.etcd.jetcd.op.Op[]::new)).commit(),
        "reading for a transaction", Errors.Kind.READ)
        .thenApply(r -> reads.snapshot(r.getHeader().getRevision(), r.getGetResponses()));
  }

  private ReadSet readSet(Snapshot snap) {
    return plan(snap).reads;
  }

  private List<OpResult> results(Plan p, TxnResponse r) {
    long rev = r.getHeader().getRevision();
    List<PutResponse> puts = r.getPutResponses();
    // map write index -> put response index (deletes interleave)
    List<Integer> putIndex = new ArrayList<>();
    int n = 0;
    for (io.etcd.jetcd.op.Op w : p.writes) {
      putIndex.add(w instanceof io.etcd.jetcd.op.Op.PutOp ? n++ : -1);
    }
    List<OpResult> out = new ArrayList<>(ops.size());
    for (Object o : p.results) {
      if (o instanceof Created c) {
        out.add(new OpResult.Created(c.path, new Stat(0, rev, rev, c.lease)));
      } else if (o instanceof Updated u) {
        KeyValue prev = puts.get(putIndex.get(u.writeIndex)).getPrevKv();
        boolean existed = prev != null && prev.getCreateRevision() != 0;
        long version = u.version >= 0 ? u.version : existed ? prev.getVersion() : 0;
        long created = existed ? prev.getCreateRevision() : rev;
        out.add(new OpResult.Updated(u.path, new Stat(version, created, rev, u.lease)));
      } else {
        out.add((OpResult) o);
      }
    }
    return out;
  }

  private record Created(String path, long lease) {}

  private record Updated(String path, int writeIndex, long version, long lease) {}

  /** The keys and children ranges a plan depends on, read in one go. */
  private final class ReadSet {
    final Set<String> keys = new LinkedHashSet<>();
    final Set<String> ranges = new LinkedHashSet<>();

    List<io.etcd.jetcd.op.Op> ops() {
      List<io.etcd.jetcd.op.Op> out = new ArrayList<>();
      for (String k : keys) {
        out.add(io.etcd.jetcd.op.Op.get(bytes(k), GetOption.DEFAULT));
      }
      int deletes = (int) ops.stream().filter(o -> o instanceof Op.Delete).count();
      for (String prefix : ranges) {
        out.add(io.etcd.jetcd.op.Op.get(bytes(prefix), GetOption.builder().isPrefix(true).withKeysOnly(true)
            .withLimit(deletes + 1L).build()));
      }
      return out;
    }

    Snapshot snapshot(long revision, List<GetResponse> gets) {
      Snapshot s = new Snapshot(revision);
      int i = 0;
      for (String k : keys) {
        List<KeyValue> kvs = gets.get(i++).getKvs();
        s.keys.put(k, kvs.isEmpty() ? null : kvs.get(0));
      }
      for (String prefix : ranges) {
        s.ranges.put(prefix, gets.get(i++).getKvs());
      }
      return s;
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
