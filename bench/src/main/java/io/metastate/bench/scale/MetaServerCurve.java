package io.metastate.bench.scale;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sample meta server (local-file, in this JVM) with 16/256/4 096 partitions and 3/10/30 app nodes:
 * node failover time (a primary's node stops → every partition has a live primary that is not it; at least the
 * node lease + grace, 1.5 s, by design), the leader's CPU per beacon (CPU time of its {@code metaserver-*} threads
 * over an idle window, over the beacons the nodes send in it, one per node per 200 ms), and route latency
 * ({@code GET /api/route}), and one balancer run (the admin rebalance call, under the coordinator's lock, which every
 * register, beacon and route also takes). Nodes join one at a time. Target: failover p99 ≤ 3 s at 4 096 partitions and 30 nodes.
 */
final class MetaServerCurve {
  private final ScaleRun run;
  private final Curve failover;
  private final Curve cpu;
  private final Curve route;
  private final Curve rebalance;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  MetaServerCurve(ScaleRun run) {
    this.run = run;
    String x = "partitions";
    failover = run.curve("meta-failover-p99", "Meta server: node failover time (max of rounds)", x,
        "failover (ms)", true, false).target("target at 4 096 partitions, 30 nodes: <= 3 000 ms", 3000);
    cpu = run.curve("meta-cpu-per-beacon", "Meta server: leader CPU per beacon", x, "CPU per beacon (ms)", true,
        true);
    route = run.curve("meta-route-p99", "Meta server: route latency p99", x, "route p99 (ms)", true, true);
    rebalance = run.curve("meta-rebalance", "Meta server: one balancer run (admin rebalance call)", x,
        "rebalance call (ms)", true, true);
  }

  void run(Path work) throws Exception {
    int[] partitionCounts = run.points(1, 16, 256, 4_096);
    int[] nodeCounts = run.points(1, 3, 10, 30);
    String only = System.getProperty("scale.meta.only", ""); // e.g. 4096x30: that point alone
    for (int p : partitionCounts) {
      for (int n : nodeCounts) {
        if (!only.isEmpty() && !only.equals(p + "x" + n)) {
          continue;
        }
        Path dir = Files.createTempDirectory(work, "meta-");
        boolean target = p == 4_096 && n == 30;
        try (MetaCluster cluster = new MetaCluster(dir, p)) {
          point(cluster, p, n, target);
        } catch (RuntimeException e) {
          // a point that cannot be measured is a figure too: say so, judge the target, and go on with the rest
          run.figure("meta %4d partitions %2d nodes: NOT MEASURED: %s", p, n, e.getMessage());
          if (target) {
            run.harness.atMost("meta-server node failover p99, 4 096 partitions, 30 nodes (not measured: "
                + e.getMessage() + ")", Double.POSITIVE_INFINITY, 3.0, "s");
          }
        }
      }
    }
  }

  private void point(MetaCluster cluster, int partitions, int nodes, boolean target) throws Exception {
    // Nodes join one at a time, as in a rolling start: 30 registering at once each run a full rebalance under
    // the coordinator's lock, and at 4 096 partitions their 400 ms request timeouts then re-send them, a storm.
    Stats.Recorder joins = new Stats.Recorder();
    for (int i = 0; i < nodes; i++) {
      long j0 = System.nanoTime();
      cluster.startNode();
      long joined = i + 1;
      MetaCluster.await("node " + joined + " is alive", Duration.ofSeconds(60), () -> cluster.aliveNodes() >= joined);
      joins.add(System.nanoTime() - j0);
    }
    MetaCluster.await(nodes + " nodes serve every partition", Duration.ofSeconds(60),
        () -> cluster.served(nodes, null));
    cluster.awaitSettled(Duration.ofSeconds(120));
    String series = nodes + " nodes";

    Stats.Recorder routes = new Stats.Recorder();
    long warmEnd = System.nanoTime() + run.warmup().toNanos();
    long end = warmEnd + run.phase().toNanos();
    for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
      HttpRequest req = HttpRequest.newBuilder(URI.create(cluster.url + "/api/route?key=key-"
          + ThreadLocalRandom.current().nextInt(1_000_000))).build();
      HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("route answered " + r.statusCode());
      }
      if (now > warmEnd) {
        routes.add(System.nanoTime() - now);
      }
    }
    Stats rs = routes.stats();
    route.add(series, partitions, rs.p99());
    Stats.Recorder balances = new Stats.Recorder();
    for (int i = 0; i < 3; i++) {
      balances.add((long) (cluster.rebalanceMillis() * 1e6));
    }
    double balanceMs = balances.stats().p50();
    rebalance.add(series, partitions, balanceMs);

    // CPU of the leader's threads while nothing but beacons and the failure detector run
    Duration window = run.quick ? Duration.ofSeconds(1) : Duration.ofSeconds(3);
    long cpu0 = leaderCpuNanos();
    long t0 = System.nanoTime();
    Thread.sleep(window.toMillis());
    long cpuNanos = leaderCpuNanos() - cpu0;
    double beacons = nodes * ((System.nanoTime() - t0) / (double) MetaCluster.BEACON.toNanos());
    double perBeacon = cpuNanos / 1e6 / beacons;
    cpu.add(series, partitions, perBeacon);

    int rounds = run.quick ? 1 : target ? 10 : 3;
    Stats.Recorder fails = new Stats.Recorder();
    for (int r = 0; r < rounds; r++) {
      String victim = cluster.primaryOfFirst();
      long k0 = System.nanoTime();
      cluster.stopNode(victim);
      MetaCluster.await("partitions leave " + victim, Duration.ofSeconds(60),
          () -> cluster.served(nodes - 1, victim));
      fails.add(System.nanoTime() - k0);
      if (r < rounds - 1) {
        cluster.startNode();
        MetaCluster.await("the replacement node joins", Duration.ofSeconds(60), () -> cluster.served(nodes, null));
        cluster.awaitSettled(Duration.ofSeconds(120));
      }
    }
    Stats fs = fails.stats();
    failover.add(series, partitions, fs.ms(1.0));
    run.figure("meta %4d partitions %2d nodes: failover p50 %.0f ms max %.0f ms (%d rounds); leader CPU %.3f ms per "
        + "beacon; route p50 %.2f ms p99 %.2f ms; a rebalance (admin call, nothing to move) %.0f ms; a node's join "
        + "(start -> alive) p50 %.0f ms max %.0f ms", partitions, nodes, fs.p50(), fs.ms(1.0), rounds, perBeacon,
        rs.p50(), rs.p99(), balanceMs, joins.stats().p50(), joins.stats().ms(1.0));
    if (target) {
      run.harness.atMost("meta-server node failover p99 (max of " + rounds + "), 4 096 partitions, 30 nodes",
          fs.ms(1.0) / 1000, 3.0, "s");
    }
  }

  /** CPU time of the meta server's own threads (HTTP handlers, failure detector, leader work). */
  private static long leaderCpuNanos() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("metaserver")) {
        long ns = mx.getThreadCpuTime(t.getId());
        sum += Math.max(0, ns);
      }
    }
    return sum;
  }
}
