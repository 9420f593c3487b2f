package io.metastate.bench.scale;

import io.metastate.CoordinationClient;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Op;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A tree grown to 1 000/10 000/100 000 nodes (fan-out 100, {@link TreePaths}): get and children latency of random
 * nodes and buckets; on local-file also the time to reopen the store (close every client, build a new one, read a
 * node) and the file's size. Raw: Curator getData/getChildren, jetcd get and keys-only prefix range, MVStore get and
 * key-range scan, each on its own tree of the same shape. Target: local-file reopen of 100 000 nodes ≤ 2 s.
 */
final class TreeSizeCurve {
  private static final int BATCH = 20; // etcd allows 128 ops a txn (--max-txn-ops); a create of ours takes several
  private static final int IN_FLIGHT = 8;
  private final ScaleRun run;
  private final Curve get;
  private final Curve children;
  private final Curve reopen;
  private final Curve size;

  TreeSizeCurve(ScaleRun run) {
    this.run = run;
    String x = "nodes in the tree";
    get = run.curve("tree-get-p99", "get latency p99 by tree size", x, "get p99 (ms)", true, true);
    children = run.curve("tree-children-p99", "children latency p99 (100 children) by tree size", x,
        "children p99 (ms)", true, true);
    reopen = run.curve("localfile-reopen", "local-file: reopen time by tree size", x, "reopen (ms)", true, true)
        .target("target at 100 000 nodes: <= 2 000 ms", 2000);
    size = run.curve("localfile-size", "local-file: store file size by tree size", x, "file size (MB)", true, true);
  }

  void run() throws Exception {
    run.eachBackend(b -> {
      boolean local = b instanceof LocalFileBackend;
      Path dir = local ? ((LocalFileBackend) b).directory("tree") : null;
      CoordinationClient client = local ? LocalFileBackend.open(dir, "tree") : b.open("tree");
      Backend.RawTree raw = b.rawTree("tree");
      try {
        client.state().create("/tree", new byte[0], CreateMode.PERSISTENT);
        int have = 0;
        for (int n : run.points(1, 1_000, 10_000, 100_000)) {
          MetaStateService state = client.state(); // a new client after each local-file reopen
          long t0 = System.nanoTime();
          populate(state, have, n);
          double fill = (System.nanoTime() - t0) / 1e9;
          if (raw != null) {
            raw.populate(have, n);
          }
          have = n;
          int nodes = n;
          measure(b.name() + " ours", n, i -> state.get(TreePaths.node(i)).orElseThrow(),
              k -> state.children(TreePaths.bucket(k)).size());
          if (raw != null) {
            measure(b.name() + " raw", n, i -> {
              raw.get(i);
              return null;
            }, raw::children);
          }
          System.out.printf("  (tree of %d nodes on %s filled in %.1f s)%n", nodes, b.name(), fill);
          if (local) {
            client.close();
            long r0 = System.nanoTime();
            client = LocalFileBackend.open(dir, "tree");
            client.state().get(TreePaths.node(n - 1)).orElseThrow();
            double ms = (System.nanoTime() - r0) / 1e6;
            double mb = Files.size(dir.resolve("metastate.mv.db")) / 1e6;
            reopen.add("localfile ours", n, ms);
            size.add("localfile ours", n, mb);
            run.figure("tree localfile reopen with %6d nodes: %.0f ms, file %.1f MB", n, ms, mb);
            if (n == 100_000) {
              run.harness.atMost("local-file reopen of 100 000 nodes", ms / 1000, 2.0, "s");
            }
          }
        }
      } finally {
        client.close();
        if (raw != null) {
          raw.close();
        }
      }
    });
  }

  /** Creates nodes {@code from..to-1} (and their buckets) in multi-op batches, a few in flight. */
  private static void populate(MetaStateService state, int from, int to) {
    List<CompletableFuture<?>> flying = new ArrayList<>();
    List<Op> ops = new ArrayList<>();
    for (int i = from; i < to; i++) {
      if (i % TreePaths.FAN_OUT == 0) {
        // a bucket goes in alone, before its nodes, so that their batches find their parent
        CompletableFuture.allOf(flying.toArray(CompletableFuture[]::new)).join();
        flying.clear();
        state.create(TreePaths.bucket(i / TreePaths.FAN_OUT), new byte[0], CreateMode.PERSISTENT);
      }
      ops.add(Op.create(TreePaths.node(i), TreePaths.VALUE, CreateMode.PERSISTENT));
      if (ops.size() == BATCH || i == to - 1 || (i + 1) % TreePaths.FAN_OUT == 0) {
        flying.add(state.async().multi(List.copyOf(ops)).toCompletableFuture());
        ops.clear();
        if (flying.size() >= IN_FLIGHT) {
          flying.remove(0).join();
        }
      }
    }
    CompletableFuture.allOf(flying.toArray(CompletableFuture[]::new)).join();
  }

  private interface Read {
    Object read(int i) throws Exception;
  }

  private void measure(String series, int n, Read getOne, Read childrenOf) throws Exception {
    Stats g = sample(n, getOne);
    int buckets = n / TreePaths.FAN_OUT;
    Stats c = sample(buckets, k -> {
      Object count = childrenOf.read(k);
      if (!Integer.valueOf(TreePaths.FAN_OUT).equals(count)) {
        throw new IllegalStateException(series + ": bucket " + k + " has " + count + " children, not 100");
      }
      return count;
    });
    get.add(series, n, g.p99());
    children.add(series, n, c.p99());
    run.figure("tree %-15s %6d nodes: get p50 %.3f ms p99 %.3f ms; children p50 %.3f ms p99 %.3f ms", series, n,
        g.p50(), g.p99(), c.p50(), c.p99());
  }

  /** Reads random items for the warm-up, then for one phase; returns the measured latencies. */
  private Stats sample(int bound, Read read) throws Exception {
    Stats.Recorder rec = new Stats.Recorder();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long warmEnd = System.nanoTime() + run.warmup().toNanos();
    while (System.nanoTime() < warmEnd) {
      read.read(random.nextInt(bound));
    }
    long end = System.nanoTime() + run.phase().toNanos();
    while (System.nanoTime() < end) {
      long t0 = System.nanoTime();
      read.read(random.nextInt(bound));
      rec.add(System.nanoTime() - t0);
    }
    return rec.stats();
  }
}
