package io.metastate.etcd;

import io.metastate.error.TransactionFailedException;
import io.metastate.state.OpResult;
import io.metastate.state.Stat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One attempt of a multi-op, decided: the Txn's compares (If), its writes (Then), the reads its Else branch makes, and
 * how each op's result is read back from the committed Txn. Or, instead, the first op that fails on the snapshot
 * ({@link #failure}), or the news that the plan cannot be made without reading first ({@link #needsSnapshot}).
 */
record TransactionPlan(List<Compare> compares, List<Write> writes, ReadSet reads, List<Pending> pending,
    TransactionFailedException failure, boolean needsSnapshot) {

  /** Which field of a key a compare reads. */
  enum Target { VERSION, CREATE_REVISION, MOD_REVISION }

  /** One etcd compare: {@code target(key) == value}, or {@code > value} if {@code greater}. */
  record Compare(String key, Target target, boolean greater, long value) {
    static Compare exists(String key) {
      return new Compare(key, Target.CREATE_REVISION, true, 0);
    }

    static Compare absent(String key) {
      return new Compare(key, Target.CREATE_REVISION, false, 0);
    }

    static Compare version(String key, long etcdVersion) {
      return new Compare(key, Target.VERSION, false, etcdVersion);
    }

    static Compare modRevision(String key, long revision) {
      return new Compare(key, Target.MOD_REVISION, false, revision);
    }

    static Compare createRevision(String key, long revision) {
      return new Compare(key, Target.CREATE_REVISION, false, revision);
    }
  }

  /** One write of the Then branch. */
  sealed interface Write {
    String key();
  }

  /** A put; on {@code lease} unless 0; asking for the previous value if {@code prevKv}. */
  record Put(String key, byte[] value, long lease, boolean prevKv) implements Write {}

  /** A delete of one key. */
  record Delete(String key) implements Write {}

  /** An op's result as planned: known now, or completed from the committed Txn. */
  sealed interface Pending {}

  /** Known before committing (checks, deletes). */
  record Ready(OpResult result) implements Pending {}

  /** A create: its stat is the commit revision. */
  record Created(String path, long lease) implements Pending {}

  /** A set of {@code key}: version known ({@code >= 0}) or read from the put's previous value. */
  record Updated(String path, String key, long version, long lease) implements Pending {}

  /**
   * The ops' results once the Txn committed at {@code revision}; {@code previous} holds, for each put in write order,
   * the previous value etcd returned (null if it had none, or was not asked for one).
   */
  List<OpResult> results(long revision, List<Snapshot.Entry> previous) {
    Map<String, Integer> putIndex = new HashMap<>();
    for (Write w : writes) {
      if (w instanceof Put) {
        putIndex.put(w.key(), putIndex.size());
      }
    }
    List<OpResult> out = new ArrayList<>(pending.size());
    for (Pending p : pending) {
      if (p instanceof Ready r) {
        out.add(r.result());
      } else if (p instanceof Created c) {
        out.add(new OpResult.Created(c.path(), new Stat(0, revision, revision, c.lease())));
      } else if (p instanceof Updated u) {
        Snapshot.Entry prev = previous.get(putIndex.get(u.key()));
        boolean existed = prev != null && prev.createRevision() != 0;
        long version = u.version() >= 0 ? u.version() : existed ? prev.version() : 0;
        long created = existed ? prev.createRevision() : revision;
        out.add(new OpResult.Updated(u.path(), new Stat(version, created, revision, u.lease())));
      }
    }
    return out;
  }
}
