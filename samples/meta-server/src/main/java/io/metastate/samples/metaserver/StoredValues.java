package io.metastate.samples.metaserver;

import io.metastate.samples.metaserver.Records.WriteBack;
import io.metastate.samples.metaserver.http.Json;
import java.util.Map;
import java.util.TreeMap;

/**
 * A partition's durable values as stored under {@code data/<n>}, with the mark of the write-back that wrote them
 * last. The mark is what orders write-backs: one writer (node incarnation at an epoch) numbers its write-backs, and
 * one numbered at or below the mark is already durable or superseded — applying it again would put old absolute
 * values over newer ones.
 *
 * @param values the counters
 * @param last who wrote them last, or null before the first write-back
 */
record StoredValues(Map<String, Long> values, Mark last) {
  /** A write-back's writer and sequence number. */
  record Mark(String node, String incarnation, long epoch, long seq) {
    boolean sameWriter(WriteBack w) {
      return node.equals(w.node()) && incarnation.equals(w.incarnation()) && epoch == w.epoch();
    }
  }

  StoredValues {
    values = new TreeMap<>(values == null ? Map.of() : values);
  }

  static byte[] empty() {
    return new StoredValues(Map.of(), null).encode();
  }

  /** Decodes the stored form; a plain map of counters (the layout before marks) reads as unmarked values. */
  @SuppressWarnings("unchecked")
  static StoredValues decode(byte[] data) {
    try {
      return Json.read(data, StoredValues.class);
    } catch (IllegalArgumentException e) {
      Map<String, Number> raw = Json.read(data, Map.class);
      TreeMap<String, Long> values = new TreeMap<>();
      raw.forEach((k, v) -> values.put(k, v.longValue()));
      return new StoredValues(values, null);
    }
  }

  byte[] encode() {
    return Json.bytes(this);
  }

  /** Whether {@code w} is at or below this mark: durable already, or older than what is. */
  boolean covers(WriteBack w) {
    return last != null && last.sameWriter(w) && w.seq() <= last.seq();
  }

  /** These values with {@code w}'s applied over them, marked as written by {@code w}. */
  StoredValues with(WriteBack w) {
    Map<String, Long> merged = new TreeMap<>(values);
    merged.putAll(w.values());
    return new StoredValues(merged, new Mark(w.node(), w.incarnation(), w.epoch(), w.seq()));
  }
}
