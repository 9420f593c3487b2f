package io.metastate.bench.scale;

import io.metastate.CoordinationClient;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Watch;
import io.metastate.state.WatchEvent;
import io.metastate.state.WatchScope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * 1/10/100/1 000 subtree watches on one subtree, spread over 4 watcher sessions, and a writer session setting a node
 * under it: write-to-delivery latency (the writer starts the set → a watch's listener runs), p50/p99 over every
 * delivery, each write waiting for all its deliveries. Raw: ZooKeeper persistent recursive watches, jetcd prefix
 * watches. Targets at 1 000 watchers: p99 ≤ 20 ms on ZooKeeper and etcd, ≤ 5 ms on local-file.
 */
final class WatchersCurve {
  private static final int WATCHER_CLIENTS = 4;
  private final ScaleRun run;
  private final Curve p99;
  private final Curve p50;
  private int round;

  /** The write in flight: when it started and the deliveries still awaited. */
  private record Pending(long startedNanos, CountDownLatch deliveries) {}

  WatchersCurve(ScaleRun run) {
    this.run = run;
    String x = "watches on one subtree";
    p99 = run.curve("watch-delivery-p99", "Write-to-delivery latency p99", x, "delivery p99 (ms)", true, true)
        .target("target at 1 000: ZooKeeper, etcd <= 20 ms", 20).target("target at 1 000: local-file <= 5 ms", 5);
    p50 = run.curve("watch-delivery-p50", "Write-to-delivery latency p50", x, "delivery p50 (ms)", true, true);
  }

  void run() throws Exception {
    run.eachBackend(b -> {
      for (int w : run.points(2, 1, 10, 100, 1_000)) {
        String prefix = "watched" + (++round);
        List<CoordinationClient> clients = ScaleRun.list(WATCHER_CLIENTS + 1, i -> b.open("watcher-" + i));
        List<Watch> watches = new ArrayList<>();
        try {
          MetaStateService writer = clients.get(0).state();
          writer.create("/" + prefix, new byte[0], CreateMode.PERSISTENT);
          writer.create("/" + prefix + "/n0", TreePaths.VALUE, CreateMode.PERSISTENT);
          AtomicReference<Pending> pending = new AtomicReference<>();
          Stats.Recorder rec = new Stats.Recorder();
          for (int i = 0; i < w; i++) {
            MetaStateService s = clients.get(1 + i % WATCHER_CLIENTS).state();
            watches.add(s.watch("/" + prefix, WatchScope.SUBTREE, e -> {
              if (e.type() == WatchEvent.Type.UPDATED) {
                deliver(pending.get(), rec);
              }
            }));
          }
          point(b.name() + " ours", w, pending, rec,
              () -> writer.set("/" + prefix + "/n0", TreePaths.VALUE, MetaStateService.ANY_VERSION));
        } finally {
          watches.forEach(Watch::close);
          clients.forEach(CoordinationClient::close);
        }
        try (Backend.RawWatches raw = b.rawWatches(prefix)) {
          if (raw == null) {
            continue;
          }
          raw.write(0);
          AtomicReference<Pending> pending = new AtomicReference<>();
          Stats.Recorder rec = new Stats.Recorder();
          for (int i = 0; i < w; i++) {
            raw.watch(i % WATCHER_CLIENTS, () -> deliver(pending.get(), rec));
          }
          point(b.name() + " raw", w, pending, rec, () -> raw.write(0));
        }
      }
      double target = b.name().equals("localfile") ? 5 : 20;
      if (!run.quick) {
        List<double[]> ours = p99.series.get(b.name() + " ours");
        run.harness.atMost("watch delivery p99 at 1 000 watchers, " + b.name(), ours.get(ours.size() - 1)[1], target,
            "ms");
      }
    });
  }

  private static void deliver(Pending p, Stats.Recorder rec) {
    if (p != null) {
      rec.add(System.nanoTime() - p.startedNanos());
      p.deliveries().countDown();
    }
  }

  private interface Write {
    void write() throws Exception;
  }

  private void point(String series, int w, AtomicReference<Pending> pending, Stats.Recorder rec, Write write)
      throws Exception {
    int warm = 3;
    int writes = run.quick ? 10 : Math.max(30, Math.min(200, 20_000 / w));
    Stats.Recorder writeTimes = new Stats.Recorder();
    for (int i = 0; i < warm + writes; i++) {
      if (i == warm) {
        rec.clear();
        writeTimes.clear();
      }
      Pending p = new Pending(System.nanoTime(), new CountDownLatch(w));
      pending.set(p);
      write.write();
      writeTimes.add(System.nanoTime() - p.startedNanos());
      if (!p.deliveries().await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(series + ": " + p.deliveries().getCount() + " of " + w
            + " watches saw no event within 30 s of a write");
      }
    }
    pending.set(null);
    Stats s = rec.stats();
    Stats ws = writeTimes.stats();
    p99.add(series, w, s.p99());
    p50.add(series, w, s.p50());
    // the write's own latency: a delivery cannot come before the write is committed (durable, on local-file)
    run.figure("watch %-15s %4d watches: delivery p50 %.2f ms, p99 %.2f ms (%d deliveries); the write itself p50 "
        + "%.2f ms, p99 %.2f ms", series, w, s.p50(), s.p99(), s.count(), ws.p50(), ws.p99());
  }
}
