package io.metastate.bench.scale;

import io.metastate.CoordinationClient;
import io.metastate.lock.LockLease;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One session holding 1/100/1 000/10 000 locks (distinct names, taken by 8 threads): acquire latency, the client
 * heap they cost (used heap after GC, less before), and the time to close the session (every lock freed). Raw:
 * Curator InterProcessMutex per name, closing the CuratorFramework; jetcd Lock on one lease, revoking the lease.
 * Target: close with 10 000 held locks ≤ 2 s.
 */
final class HeldLocksCurve {
  private static final int THREADS = 8;
  private final ScaleRun run;
  private final Curve acquire;
  private final Curve heap;
  private final Curve close;
  private int round;

  HeldLocksCurve(ScaleRun run) {
    this.run = run;
    String x = "locks held by one session";
    acquire = run.curve("held-acquire-p99", "Acquire latency p99 while one session holds many locks", x,
        "acquire p99 (ms)", true, true);
    heap = run.curve("held-heap", "Heap used by a session holding many locks (ZooKeeper: with the in-process server's)", x, "heap used (MB, after GC)", true,
        false);
    close = run.curve("held-close", "Time to close a session holding many locks", x, "close (ms)", true, true)
        .target("target at 10 000 locks: <= 2 000 ms", 2000);
  }

  void run() throws Exception {
    run.eachBackend(b -> {
      double closeAtMax = -1;
      int max = 0;
      for (int k : run.points(2, 1, 100, 1_000, 10_000)) {
        String prefix = "held-" + (++round) + "-";
        long before = usedHeap();
        CoordinationClient client = b.open("holder-" + round);
        List<LockLease> leases = new ArrayList<>(k);
        Stats s = take(k, name -> {
          LockLease l = client.locks().tryAcquire(prefix + name).orElseThrow();
          synchronized (leases) {
            leases.add(l);
          }
        });
        double mb = (usedHeap() - before) / 1e6;
        long t0 = System.nanoTime();
        client.close();
        double closeMs = (System.nanoTime() - t0) / 1e6;
        leases.clear();
        record(b.name() + " ours", k, s, mb, closeMs);
        closeAtMax = closeMs;
        max = k;

        Backend.RawHolder raw = b.rawHolder();
        if (raw != null) {
          before = usedHeap();
          Stats r = take(k, name -> raw.hold(prefix + name));
          mb = (usedHeap() - before) / 1e6;
          t0 = System.nanoTime();
          raw.close();
          record(b.name() + " raw", k, r, mb, (System.nanoTime() - t0) / 1e6);
        }
      }
      if (max == 10_000) {
        run.harness.atMost("session close with 10 000 held locks, " + b.name(), closeAtMax / 1000, 2.0, "s");
      }
    });
  }

  private void record(String series, int k, Stats s, double mb, double closeMs) {
    acquire.add(series, k, s.p99());
    heap.add(series, k, Math.max(0, mb));
    close.add(series, k, closeMs);
    run.figure("held %-15s %5d locks: acquire p50 %.2f ms p99 %.2f ms, heap %+.1f MB, close %.0f ms", series, k,
        s.p50(), s.p99(), mb, closeMs);
  }

  private interface Take {
    void take(String name) throws Exception;
  }

  /** Takes locks {@code l0..l(k-1)} on 8 threads; returns their latencies. */
  private static Stats take(int k, Take take) throws Exception {
    Stats.Recorder rec = new Stats.Recorder();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> parts = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int first = t;
        parts.add(pool.submit(() -> {
          for (int i = first; i < k; i += THREADS) {
            long t0 = System.nanoTime();
            take.take("l" + i);
            rec.add(System.nanoTime() - t0);
          }
          return null;
        }));
      }
      for (Future<?> f : parts) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return rec.stats();
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 2; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
