package io.metastate.samples.metaserver.node;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * A partition this node is primary of, at one epoch: the working values (every increment so far), the acknowledged
 * values (durable in meta-state: the only ones served to readers), and the changes not yet written back with the
 * future their writers wait on (group commit: every change made while a write-back is in flight goes into the next
 * one, and write-backs are acknowledged in the order they were taken).
 */
final class OwnedPartition {
  record Batch(long seq, Map<String, Long> values, CompletableFuture<Void> done) {}

  final int id;
  final long epoch;
  private TreeMap<String, Long> cache;
  private TreeMap<String, Long> acked;
  private Map<String, Long> pending = new HashMap<>();
  private CompletableFuture<Void> pendingDone = new CompletableFuture<>();
  private boolean purged;

  OwnedPartition(int id, long epoch) {
    this.id = id;
    this.epoch = epoch;
  }

  synchronized boolean isLoaded() {
    return cache != null;
  }

  synchronized void load(Map<String, Long> values) {
    if (cache == null && !purged) {
      cache = new TreeMap<>(values);
      acked = new TreeMap<>(values);
    }
  }

  synchronized boolean isPurged() {
    return purged;
  }

  /** The acknowledged value, or null; the caller has loaded the partition. */
  synchronized Long get(String key) {
    check();
    return acked.get(key);
  }

  /** Applies an increment to the cache and returns the new value and the future of its write-back. */
  synchronized Map.Entry<Long, CompletableFuture<Void>> incr(String key, long by) {
    check();
    long v = cache.getOrDefault(key, 0L) + by;
    cache.put(key, v);
    pending.put(key, v);
    return Map.entry(v, pendingDone);
  }

  /** Takes the changes to write back next, numbered {@code seq}, or null if there are none. */
  synchronized Batch takeBatch(LongSupplier seq) {
    if (pending.isEmpty()) {
      return null;
    }
    Batch b = new Batch(seq.getAsLong(), pending, pendingDone);
    pending = new HashMap<>();
    pendingDone = new CompletableFuture<>();
    return b;
  }

  /** Records a batch as durable (batches are acknowledged in the order taken) and releases its writers. */
  void acknowledge(Batch b) {
    synchronized (this) {
      if (acked != null) {
        acked.putAll(b.values());
      }
    }
    b.done().complete(null);
  }

  /**
   * Drops the cache and fails every writer whose change was not yet taken for a write-back (never sent: certainly
   * not applied): the partition is no longer ours to serve.
   */
  void purge(String why) {
    CompletableFuture<Void> waiting;
    synchronized (this) {
      purged = true;
      cache = null;
      acked = null;
      pending = new HashMap<>();
      waiting = pendingDone;
    }
    waiting.completeExceptionally(new WriteBackFailed(why, false));
  }

  synchronized int size() {
    return cache == null ? 0 : cache.size();
  }

  private void check() {
    if (purged || cache == null) {
      throw new IllegalStateException("partition " + id + " is not served here (purged or not loaded)");
    }
  }
}
