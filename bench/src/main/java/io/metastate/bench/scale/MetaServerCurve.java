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
 * ({@code GET /api/route}). Target: failover p99 ≤ 3 s at 4 096 partitions and 30 nodes.
 */
final class MetaServerCurve {
  private final ScaleRun run;
  private final Curve failover;
  private final Curve cpu;
  private final Curve route;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  MetaServerCurve(ScaleRun run) {
    this.run = run;
    String x = "partitions";
    failover = run.curve("meta-failover-p99", "Meta server: node failover time (max of rounds)", x,
        "failover (ms)", true, false).target("target at 4 096 partitions, 30 nodes: <= 3 000 ms", 3000);
    cpu = run.curve("meta-cpu-per-beacon", "Meta server: leader CPU per beacon", x, "CPU per beacon (ms)", true,
        true);
    route = run.curve("meta-route-p99", "Meta server: route latency p99", x, "route p99 (ms)", true, true);
  }

  void run(Path work) throws Exception {
    int[] partitionCounts = run.points(1, 16, 256, 4_096);
    int[] nodeCounts = run.points(1, 3, 10, 30);
    for (int p : partitionCounts) {
      for (int n : nodeCounts) {
        Path dir = Files.createTempDirectory(work, "meta-");
        try (MetaCluster cluster = new MetaCluster(dir, p)) {
          point(cluster, p, n, p == 4_096 && n == 30);
        }
      }
    }
  }

  private void point(MetaCluster cluster, int partitions, int nodes, boolean target) throws Exception {
    for (int i = 0; i < nodes; i++) {
      cluster.startNode();
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
        + "beacon; route p50 %.2f ms p99 %.2f ms", partitions, nodes, fs.p50(), fs.ms(1.0), rounds, perBeacon,
        rs.p50(), rs.p99());
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
