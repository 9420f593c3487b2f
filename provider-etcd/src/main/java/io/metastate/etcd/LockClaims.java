package io.metastate.etcd;

import static io.metastate.etcd.Keyspace.bytes;
import static io.metastate.etcd.Keyspace.string;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Reads the claims of a lock in the v3lock layout, {@code <name>/<lease-hex>}, oldest first. */
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
