package io.metastate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.metastate.testing.Loopback;
import io.metastate.testing.etcd.EtcdCluster;
import io.metastate.testing.etcd.EtcdServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code failover}: the sample meta server under client load, killed with SIGKILL again and again.
 *
 * <ol>
 *   <li>Node failover (local-file, one meta server, three app nodes, default lease and grace): each round kills the
 *       primary of a key and times kill → the key's partition served (an increment acknowledged) by another node.
 *   <li>Leader failover (etcd, two meta servers, session TTL 2s): each round kills the leader meta server and
 *       times kill → the other one leads and serves, and kill → the first increment acknowledged again.
 * </ol>
 * Every round stops the load and checks that every acknowledged increment is in the data. The sample runs as its
 * shaded jar ({@code -Dfailover.jar}, default {@code samples/meta-server/target/meta-server.jar}), in separate
 * processes ({@link SampleProcesses}), so the bench does not depend on the sample's classes; it is driven over HTTP
 * ({@link MetaServerApi}) by an {@link IncrementLoad}.
 */
final class FailoverBench implements Suite {
  private final MetaServerApi api = new MetaServerApi();
  private SampleProcesses processes;

  @Override
  public void run(Harness harness) throws Exception {
    Path jar = Path.of(System.getProperty("failover.jar", "samples/meta-server/target/meta-server.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no sample jar at " + jar.toAbsolutePath() + "; build it with "
          + "./mvnw -q -B install -pl samples/meta-server -DskipTests, or pass -Dfailover.jar=<path>");
    }
    int rounds = Integer.getInteger("failover.rounds", 20);
    processes = new SampleProcesses(jar, Files.createTempDirectory("metastate-failover-bench"));
    Runtime.getRuntime().addShutdownHook(new Thread(processes::killAll));
    try {
      nodeFailover(rounds);
    } finally {
      processes.killAll();
    }
    try (EtcdCluster etcd = EtcdServers.start()) {
      leaderFailover(rounds, etcd);
    } finally {
      processes.killAll();
    }
  }

  private void nodeFailover(int rounds) {
    String meta = processes.start("meta", "LEADER ", "server", "--metastate.provider=localfile",
        "--metastate.localfile.dir=" + processes.work().resolve("store"), "--metaserver.http.port=0").line();
    List<SampleProcesses.Launched> nodes = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      nodes.add(processes.node("node-" + i, meta));
    }
    api.awaitAlive(meta, 3);
    IncrementLoad load = new IncrementLoad(api, List.of(meta), 40);
    List<Long> failovers = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      load.start(4);
      load.awaitMore(100);
      String key = "key-" + (round % load.keys.size());
      JsonNode route = api.route(List.of(meta), key);
      String victim = route.get("primary").asText();
      SampleProcesses.Launched killed = nodes.stream().filter(n -> n.line().startsWith(victim + " ")).findFirst().orElseThrow();
      killed.process().destroyForcibly();
      long t0 = System.nanoTime();
      while (true) {
        JsonNode now = api.route(List.of(meta), key);
        if (now != null && !now.get("primary").asText().equals(victim) && api.incr(now, key)) {
          load.acked.get(key).incrementAndGet();
          break;
        }
        MetaServerApi.pause(5);
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      failovers.add(ms);
      load.stop();
      long lost = load.lost(List.of(meta));
      System.out.printf(Locale.ROOT, "  round %2d: killed %s (partition %d, epoch %d), served elsewhere after %5d ms,"
          + " %d acknowledged increments, %d lost%n", round, victim, route.get("partition").asInt(),
          route.get("epoch").asLong(), ms, load.totalAcked(), lost);
      if (lost > 0) {
        throw new IllegalStateException(lost + " acknowledged increments lost in round " + round);
      }
      nodes.remove(killed);
      nodes.add(processes.node("node-r" + round, meta));
      api.awaitAlive(meta, 3);
    }
    report("node failover (kill primary -> partition served elsewhere)", failovers, 3000);
  }

  private void leaderFailover(int rounds, EtcdCluster etcd) {
    int[] ports = {Loopback.freePort(), Loopback.freePort()};
    String[] urls = {"http://127.0.0.1:" + ports[0], "http://127.0.0.1:" + ports[1]};
    String namespace = "failover-bench-" + UUID.randomUUID() + "/";
    SampleProcesses.Launched[] metas = new SampleProcesses.Launched[2];
    metas[0] = processes.metaOnEtcd(etcd, namespace, ports[0], "LEADER ");
    metas[1] = processes.metaOnEtcd(etcd, namespace, ports[1], "READY ");
    int leader = 0;
    List<String> servers = List.of(urls);
    for (int i = 1; i <= 3; i++) {
      processes.node("node-" + i, String.join(",", servers));
    }
    api.awaitAlive(urls[leader], 3);
    IncrementLoad load = new IncrementLoad(api, servers, 40);
    List<Long> elected = new ArrayList<>();
    List<Long> writing = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      load.start(4);
      load.awaitMore(100);
      long before = load.totalAcked();
      metas[leader].process().destroyForcibly();
      long t0 = System.nanoTime();
      int follower = 1 - leader;
      while (!api.leads(urls[follower])) {
        MetaServerApi.pause(5);
      }
      long e = (System.nanoTime() - t0) / 1_000_000;
      while (load.totalAcked() <= before) {
        MetaServerApi.pause(5);
      }
      long w = (System.nanoTime() - t0) / 1_000_000;
      elected.add(e);
      writing.add(w);
      load.stop();
      long lost = load.lost(servers);
      System.out.printf(Locale.ROOT, "  round %2d: killed leader %s, new leader serving after %5d ms, writes "
          + "acknowledged again after %5d ms, %d acknowledged increments, %d lost%n", round, urls[leader], e, w,
          load.totalAcked(), lost);
      if (lost > 0) {
        throw new IllegalStateException(lost + " acknowledged increments lost in round " + round);
      }
      metas[leader] = processes.metaOnEtcd(etcd, namespace, ports[leader], "READY ");
      leader = follower;
    }
    report("leader failover (kill leader -> new leader serving), session TTL 2s", elected, 3000);
    report("leader failover (kill leader -> writes acknowledged again)", writing, -1);
  }

  private static void report(String what, List<Long> millis, long target) {
    long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
    long p50 = sorted[(int) Math.ceil(sorted.length * 0.50) - 1];
    long p99 = sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
    String verdict = target < 0 ? "" : String.format(Locale.ROOT, " (target p99 <= %d ms)%s", target,
        p99 <= target ? "  MET" : "  MISSED");
    System.out.printf(Locale.ROOT, "%s: rounds=%d p50=%d ms p99=%d ms max=%d ms%s%n", what, sorted.length, p50, p99,
        sorted[sorted.length - 1], verdict);
  }
}
