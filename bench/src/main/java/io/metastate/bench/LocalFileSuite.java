package io.metastate.bench;

import io.metastate.CoordinationClient;
import io.metastate.bench.Harness.Case;
import io.metastate.lock.LockLease;
import io.metastate.localfile.LocalFileCoordination;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.testing.Loopback;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The local-file provider against the raw H2 MVStore it is built on, on the same disk, in the same run. Cases that
 * are compared take turns in short slices, so that load from other processes hits both alike:
 * <ul>
 *   <li>raw MVStore put + commit + sync per op (the baseline) vs our durable single-writer set (same key) and
 *       create (new key each time, against raw puts of new keys);
 *   <li>16 concurrent writers vs 1 writer (group commit shares one fsync);
 *   <li>lock acquire + release cycles on one client (no fsync: tokens come from blocks reserved ahead).
 * </ul>
 */
final class LocalFileSuite implements Suite {
  private static final byte[] VALUE = new byte[100];
  private static final int ROUNDS = 10;
  /** A parent's and a node's record as the provider stores them: five longs of stat, then the data. */
  private static final byte[] PARENT_RECORD = new byte[5 * Long.BYTES];
  private static final byte[] NODE_RECORD = new byte[5 * Long.BYTES + VALUE.length];

  @Override
  public void run(Harness h) throws Exception {
    Path root = Loopback.tempDir("metastate-bench-");
    MVStore raw = new MVStore.Builder().fileName(root.resolve("raw.mv.db").toString()).autoCommitDisabled().open();
    // The provider's setting: reusing dead chunks after 1s makes an fsync cheaper (no file growth to journal), so
    // the baseline gets it too, and the ratio shows only what the provider adds.
    raw.setRetentionTime(1000);
    try (CoordinationClient client = LocalFileCoordination.builder().directory(root.resolve("ours")).build()) {
      MVMap<String, byte[]> rawMap = raw.openMap("raw");
      MVMap<String, byte[]> rawNodes = raw.openMap("nodes");
      MVMap<String, Long> rawMeta = raw.openMap("meta");
      MetaStateService state = client.state();
      state.create("/bench", new byte[0], CreateMode.PERSISTENT);
      for (int t = 0; t < 16; t++) {
        state.create("/bench/w" + t, VALUE, CreateMode.PERSISTENT);
      }
      AtomicLong rawKeys = new AtomicLong();
      String only = System.getProperty("localfile.only", "");
      if (!only.isEmpty()) {
        // for a profiler (JFR): one case alone, so that every sample belongs to it
        h.measure("only: " + only, 1, only.equals("raw-create") ? (t, i) -> {
          rawMap.put("/bench/c-" + rawKeys.getAndIncrement(), VALUE);
          raw.commit();
          raw.sync();
        } : (t, i) -> state.create("/bench/c-", VALUE, CreateMode.PERSISTENT_SEQUENTIAL));
        return;
      }
      List<Result> writers = h.alternate(ROUNDS, List.of(
          new Case("raw MVStore put+commit+sync, same key", 1, (t, i) -> {
            rawMap.put("/bench/w0", VALUE);
            raw.commit();
            raw.sync();
          }),
          new Case("localfile set, durable, 1 writer", 1,
              (t, i) -> state.set("/bench/w0", VALUE, MetaStateService.ANY_VERSION)),
          new Case("raw MVStore put+commit+sync, new keys", 1, (t, i) -> {
            rawMap.put("/bench/c-" + rawKeys.getAndIncrement(), VALUE);
            raw.commit();
            raw.sync();
          }),
          new Case("localfile create, durable, 1 writer", 1,
              (t, i) -> state.create("/bench/c-", VALUE, CreateMode.PERSISTENT_SEQUENTIAL)),
          // What a sequential create stores, done raw: the parent's record (its next sequence), the new node's
          // record under the provider's key shape, the revision counter in a second map. The profile showed the
          // gap to a bare put is in MVStore's commit, serializing these extra pages; this case measures that alone.
          new Case("raw MVStore, a create's three writes +commit+sync", 1, (t, i) -> {
            long n = rawKeys.getAndIncrement();
            rawNodes.put("/\0bench", PARENT_RECORD);
            rawNodes.put(String.format("/bench\0c-%010d", n), NODE_RECORD);
            rawMeta.put("revision", n);
            raw.commit();
            raw.sync();
          }),
          new Case("localfile set, durable, 16 writers", 16,
              (t, i) -> state.set("/bench/w" + t, VALUE, MetaStateService.ANY_VERSION))));
      Result locks = h.measure("localfile lock acquire+release, 1 client", 1, (t, i) -> {
        LockLease lease = client.locks().tryAcquire("bench/lock").orElseThrow();
        lease.release();
      });
      h.ratio("single durable writer, set: ours/raw", writers.get(1), writers.get(0), 0.9);
      h.ratio("single durable writer, create: ours/raw (new keys)", writers.get(3), writers.get(2), 0.9);
      h.ratio("group commit: 16 writers/1 writer", writers.get(5), writers.get(1), 4.0);
      h.reference("create: ours/raw doing a create's three writes", writers.get(3), writers.get(4));
      h.reference("raw: a create's three writes/one put of a new key", writers.get(4), writers.get(2));
      h.atLeast("lock acquire+release cycles/s on one client", locks.opsPerSecond(), 100_000);
      long bytes = Files.size(root.resolve("ours").resolve("metastate.mv.db"));
      System.out.printf("store file after %d writes: %.1f MB (dead chunks are reused after 1s)%n",
          writers.get(1).ops() + writers.get(3).ops() + writers.get(5).ops(), bytes / 1e6);
    } finally {
      raw.close();
      Loopback.deleteTree(root);
    }
  }
}
