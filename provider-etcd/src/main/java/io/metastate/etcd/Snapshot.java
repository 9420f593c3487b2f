package io.metastate.etcd;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one read (a Txn's Else branch, or a read-only Txn) saw of the keys a transaction depends on, at one revision.
 * A key maps to its entry, or to null if it was read and absent; children lists (keys only) are keyed by their range
 * prefix. Plain values rather than jetcd's KeyValue, so that the planner can be tested without etcd.
 */
final class Snapshot {
  final Map<String, Entry> keys = new HashMap<>();
  final Map<String, List<String>> ranges = new HashMap<>();
  final long revision;

  Snapshot(long revision) {
    this.revision = revision;
  }

  boolean has(String key) {
    return keys.containsKey(key);
  }

  Entry get(String key) {
    return keys.get(key);
  }

  /**
   * One key as etcd returned it: etcd's own version (1 on create), revisions, lease and value. The value is only read
   * as text, for the small internal keys (meta skew, sequence counter).
   */
  record Entry(long version, long createRevision, long modRevision, long lease, byte[] value) {
    String text() {
      return new String(value, StandardCharsets.UTF_8);
    }
  }

  /** The version skew a node's meta key holds (0 when the key is absent or empty). */
  static long skew(Entry meta) {
    return meta == null || meta.value().length == 0 ? 0 : Long.parseLong(meta.text());
  }
}
