package io.metastate.etcd;

import static io.metastate.etcd.Keyspace.bytes;
import static io.metastate.etcd.Keyspace.string;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.metastate.error.ConfigurationException;
import io.metastate.error.ConnectionLossException;
import io.metastate.etcd.TransactionPlan.Compare;
import io.metastate.etcd.TransactionPlan.Put;
import io.metastate.etcd.TransactionPlan.Write;
import io.metastate.state.Limits;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A multi-op as ONE etcd Txn: {@link TransactionPlanner} decides, this runs it. First attempt (when no op needs a
 * read): the planner's semantic compares, with the keys they touch read in the Else branch. If the Txn fails, the
 * next plan is made on that Else snapshot: the first op that fails there is reported (consistent at one revision); if
 * none fails (a set hit an ephemeral node, a counter moved), that plan pins every key of the snapshot by mod revision.
 *
 * <p>Sequential creates and deletes need a snapshot from the start (counter, children), so they read first: two
 * round trips. etcd refuses two writes to one key in a Txn, so a multi that would write one node twice is refused.
 */
final class Transaction {
  private static final int MAX_ATTEMPTS = 64;

  private final EtcdCoordinationClient client;
  private final List<Op> ops;
  private final Limits limits;
  private final TransactionPlanner planner;

  Transaction(EtcdCoordinationClient client, List<Op> ops, Limits limits) {
    this.client = client;
    this.ops = List.copyOf(ops);
    this.limits = limits;
    this.planner = new TransactionPlanner(client.keys(), this.ops, client.leaseId(),
        lease -> ((EtcdLockLease) lease).key()); // validate() has refused leases of other providers
  }

  CompletableFuture<List<OpResult>> run() {
    validate();
    if (!planner.needsRead()) {
      return attempt(null, 1);
    }
    return read(planner.plan(null).reads()).thenCompose(s -> attempt(s, 1));
  }

  /** Before anything is sent. */
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

  private CompletableFuture<List<OpResult>> attempt(Snapshot snap, int attempt) {
    TransactionPlan p = planner.plan(snap);
    if (p.failure() != null) {
      if (snap != null) {
        return CompletableFuture.failedFuture(p.failure());
      }
      // a local conflict seen without reading: decide on real state instead
      return read(p.reads()).thenCompose(s -> attempt(s, attempt + 1));
    }
    if (p.needsSnapshot()) {
      return read(p.reads()).thenCompose(s -> attempt(s, attempt + 1));
    }
    List<io.etcd.jetcd.op.Op> elseReads = gets(p.reads());
    return client.call(client.jetcd().getKVClient().txn()
        .If(p.compares().stream().map(Transaction::cmp).toArray(Cmp[]::new))
        .Then(p.writes().stream().map(Transaction::op).toArray(io.etcd.jetcd.op.Op[]::new))
        .Else(elseReads.toArray(io.etcd.jetcd.op.Op[]::new)).commit(), "transaction", Errors.Kind.WRITE)
        .thenCompose(r -> {
          if (r.isSucceeded()) {
            return CompletableFuture.completedFuture(p.results(r.getHeader().getRevision(), previous(r)));
          }
          if (attempt >= MAX_ATTEMPTS) {
            return CompletableFuture.failedFuture(new ConnectionLossException("transaction kept conflicting with"
                + " concurrent writers for " + attempt + " attempts; nothing was applied, retry later", null));
          }
          return attempt(snapshot(p.reads(), r.getHeader().getRevision(), r.getGetResponses()), attempt + 1);
        });
  }

  private CompletableFuture<Snapshot> read(ReadSet reads) {
    return client.call(client.jetcd().getKVClient().txn().Then(gets(reads).toArray(io.etcd.jetcd.op.Op[]::new))
        .commit(), "reading for a transaction", Errors.Kind.READ)
        .thenApply(r -> snapshot(reads, r.getHeader().getRevision(), r.getGetResponses()));
  }

  // ---- between the plan's values and jetcd's

  private List<io.etcd.jetcd.op.Op> gets(ReadSet reads) {
    List<io.etcd.jetcd.op.Op> out = new ArrayList<>();
    for (String k : reads.keys) {
      out.add(io.etcd.jetcd.op.Op.get(bytes(k), GetOption.DEFAULT));
    }
    // emptiness needs at most one child per delete that might remove it
    int deletes = (int) ops.stream().filter(o -> o instanceof Op.Delete).count();
    for (String prefix : reads.ranges) {
      out.add(io.etcd.jetcd.op.Op.get(bytes(prefix), GetOption.builder().isPrefix(true).withKeysOnly(true)
          .withLimit(deletes + 1L).build()));
    }
    return out;
  }

  private static Snapshot snapshot(ReadSet reads, long revision, List<GetResponse> gets) {
    Snapshot s = new Snapshot(revision);
    int i = 0;
    for (String k : reads.keys) {
      List<KeyValue> kvs = gets.get(i++).getKvs();
      s.keys.put(k, kvs.isEmpty() ? null : entry(kvs.get(0)));
    }
    for (String prefix : reads.ranges) {
      s.ranges.put(prefix, gets.get(i++).getKvs().stream().map(kv -> string(kv.getKey())).toList());
    }
    return s;
  }

  private static Snapshot.Entry entry(KeyValue kv) {
    return new Snapshot.Entry(kv.getVersion(), kv.getCreateRevision(), kv.getModRevision(), kv.getLease(),
        kv.getValue().getBytes());
  }

  /** Each put's previous value, in write order (an absent one has create revision 0). */
  private static List<Snapshot.Entry> previous(TxnResponse r) {
    return r.getPutResponses().stream().map(put -> put.getPrevKv() == null ? null : entry(put.getPrevKv())).toList();
  }

  private static Cmp cmp(Compare c) {
    CmpTarget<?> target = switch (c.target()) {
      case VERSION -> CmpTarget.version(c.value());
      case CREATE_REVISION -> CmpTarget.createRevision(c.value());
      case MOD_REVISION -> CmpTarget.modRevision(c.value());
    };
    return new Cmp(bytes(c.key()), c.greater() ? Cmp.Op.GREATER : Cmp.Op.EQUAL, target);
  }

  private static io.etcd.jetcd.op.Op op(Write w) {
    if (w instanceof Put put) {
      PutOption.Builder opt = PutOption.builder();
      if (put.lease() != 0) {
        opt.withLeaseId(put.lease());
      }
      if (put.prevKv()) {
        opt.withPrevKV();
      }
      return io.etcd.jetcd.op.Op.put(bytes(put.key()), ByteSequence.from(put.value()), opt.build());
    }
    return io.etcd.jetcd.op.Op.delete(bytes(w.key()), DeleteOption.DEFAULT);
  }

  /** The version skew a node's meta key holds (0 when the key is absent or empty). */
  static long skew(KeyValue meta) {
    return meta == null ? 0 : Snapshot.skew(entry(meta));
  }
}
