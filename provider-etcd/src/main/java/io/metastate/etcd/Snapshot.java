package io.metastate.etcd;

import io.etcd.jetcd.KeyValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one read (a Txn's Else branch, or a read-only Txn) saw of the keys a transaction depends on, at one revision.
 * A key maps to its KeyValue, or to null if it was read and absent; children lists are keyed by their range prefix.
 */
final class Snapshot {
  final Map<String, KeyValue> keys = new HashMap<>();
  final Map<String, List<KeyValue>> ranges = new HashMap<>();
  final long revision;

  Snapshot(long revision) {
    this.revision = revision;
  }

  boolean has(String key) {
    return keys.containsKey(key);
  }

  KeyValue get(String key) {
    return keys.get(key);
  }
}
