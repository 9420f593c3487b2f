package io.metastate.etcd;

import static io.metastate.etcd.Keyspace.bytes;
import static io.metastate.etcd.Keyspace.string;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.op.RangeCmp;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The claims of a lock in the v3lock layout, {@code <name>/<lease-hex>}: the Txns that put ours, and reads. */
final class LockClaims {
  private LockClaims() {}

  /** The direct claims of a lock, oldest first, and the revision they were read at. */
  record Queue(List<KeyValue> claims, long revision) {
    /** The claim stored under {@code key}, or null. */
    KeyValue find(String key) {
      for (KeyValue kv : claims) {
        if (string(kv.getKey()).equals(key)) {
          return kv;
        }
      }
      return null;
    }
  }

  static CompletableFuture<Queue> read(EtcdCoordinationClient client, String name) {
    String prefix = client.keys().lockPrefix(name);
    return client.call(client.jetcd().getKVClient().get(bytes(prefix), option(prefix)), "reading lock '" + name + "'",
        Errors.Kind.READ).thenApply(r -> new Queue(direct(prefix, r.getKvs()), r.getHeader().getRevision()));
  }

  /**
   * First claim of an acquisition: put our claim only if the lock has no claim at all (a range compare), so that a busy
   * answer leaves nothing behind that others could take for a holder; else read the queue.
   */
  static CompletableFuture<TxnResponse> claimIfFree(EtcdCoordinationClient client, String name) {
    String prefix = client.keys().lockPrefix(name);
    ByteSequence key = bytes(client.keys().lockKey(name, client.leaseId()));
    return client.call(client.jetcd().getKVClient().txn()
        .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)),
            new RangeCmp(bytes(prefix), Keyspace.prefixEnd(prefix), Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
        .Then(put(client, key))
        .Else(Op.get(bytes(prefix), option(prefix))).commit(), "claiming lock '" + name + "'", Errors.Kind.WRITE);
  }

  /** Joins the queue: put our claim if our key is absent, and read the queue (the last get) in the same Txn. */
  static CompletableFuture<TxnResponse> claim(EtcdCoordinationClient client, String name) {
    String prefix = client.keys().lockPrefix(name);
    ByteSequence key = bytes(client.keys().lockKey(name, client.leaseId()));
    Op list = Op.get(bytes(prefix), option(prefix));
    return client.call(client.jetcd().getKVClient().txn()
        .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
        .Then(put(client, key), list)
        .Else(list).commit(), "claiming lock '" + name + "'", Errors.Kind.WRITE);
  }

  private static Op put(EtcdCoordinationClient client, ByteSequence key) {
    return Op.put(key, bytes(client.session().ownerId()), PutOption.builder().withLeaseId(client.leaseId()).build());
  }

  /** Every key under the prefix, oldest claim first. */
  static GetOption option(String prefix) {
    return GetOption.builder().isPrefix(true).withSortField(GetOption.SortTarget.CREATE)
        .withSortOrder(GetOption.SortOrder.ASCEND).build();
  }

  /** Claims of this very name: {@code <name>/<hex>}, not those of a longer name such as {@code <name>/sub/<hex>}. */
  static List<KeyValue> direct(String prefix, List<KeyValue> kvs) {
    List<KeyValue> out = new ArrayList<>(kvs.size());
    for (KeyValue kv : kvs) {
      if (string(kv.getKey()).indexOf('/', prefix.length()) < 0) {
        out.add(kv);
      }
    }
    return out;
  }
}
