package io.metastate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metastate.testing.etcd.EtcdCluster;
import io.metastate.testing.etcd.EtcdServers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
 * processes, so the bench does not depend on the sample's classes.
 */
final class FailoverBench implements Suite {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NODE_TOKEN = "bench-node-token";
  private static final String ADMIN_TOKEN = "bench-admin-token";
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
  private final List<Process> processes = new ArrayList<>();
  private Path jar;
  private Path work;

  @Override
  public String name() {
    return "failover";
  }

  @Override
  public String description() {
    return "SIGKILL a primary node / the leader meta server under load, 20 rounds each (-Dfailover.rounds)";
  }

  @Override
  public void run(Harness harness) throws Exception {
    jar = Path.of(System.getProperty("failover.jar", "samples/meta-server/target/meta-server.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no sample jar at " + jar.toAbsolutePath() + "; build it with "
          + "./mvnw -q -B install -pl samples/meta-server -DskipTests, or pass -Dfailover.jar=<path>");
    }
    int rounds = Integer.getInteger("failover.rounds", 20);
    work = Files.createTempDirectory("metastate-failover-bench");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.forEach(Process::destroyForcibly)));
    try {
      nodeFailover(rounds);
    } finally {
      processes.forEach(Process::destroyForcibly);
      processes.clear();
    }
    try (EtcdCluster etcd = EtcdServers.start()) {
      leaderFailover(rounds, etcd);
    } finally {
      processes.forEach(Process::destroyForcibly);
    }
  }

  private void nodeFailover(int rounds) {
    String meta = start("meta", "LEADER ", "server", "--metastate.provider=localfile",
        "--metastate.localfile.dir=" + work.resolve("store"), "--metaserver.http.port=0").line();
    List<Launched> nodes = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      nodes.add(node("node-" + i, meta));
    }
    awaitAlive(meta, 3);
    Load load = new Load(List.of(meta), 40);
    List<Long> failovers = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      load.start(4);
      load.awaitMore(100);
      String key = "key-" + (round % load.keys.size());
      JsonNode route = route(List.of(meta), key);
      String victim = route.get("primary").asText();
      Launched killed = nodes.stream().filter(n -> n.line().startsWith(victim + " ")).findFirst().orElseThrow();
      killed.process().destroyForcibly();
      long t0 = System.nanoTime();
      while (true) {
        JsonNode now = route(List.of(meta), key);
        if (now != null && !now.get("primary").asText().equals(victim) && incr(now, key)) {
          load.acked.get(key).incrementAndGet();
          break;
        }
        pause(5);
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
      nodes.add(node("node-r" + round, meta));
      awaitAlive(meta, 3);
    }
    report("node failover (kill primary -> partition served elsewhere)", failovers, 3000);
  }

  private void leaderFailover(int rounds, EtcdCluster etcd) {
    int[] ports = {freePort(), freePort()};
    String[] urls = {"http://127.0.0.1:" + ports[0], "http://127.0.0.1:" + ports[1]};
    String namespace = "failover-bench-" + UUID.randomUUID() + "/";
    Launched[] metas = new Launched[2];
    metas[0] = metaOnEtcd(etcd, namespace, ports[0], "LEADER ");
    metas[1] = metaOnEtcd(etcd, namespace, ports[1], "READY ");
    int leader = 0;
    List<String> servers = List.of(urls);
    for (int i = 1; i <= 3; i++) {
      node("node-" + i, String.join(",", servers));
    }
    awaitAlive(urls[leader], 3);
    Load load = new Load(servers, 40);
    List<Long> elected = new ArrayList<>();
    List<Long> writing = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      load.start(4);
      load.awaitMore(100);
      long before = load.totalAcked();
      metas[leader].process().destroyForcibly();
      long t0 = System.nanoTime();
      int follower = 1 - leader;
      while (!leads(urls[follower])) {
        pause(5);
      }
      long e = (System.nanoTime() - t0) / 1_000_000;
      while (load.totalAcked() <= before) {
        pause(5);
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
      metas[leader] = metaOnEtcd(etcd, namespace, ports[leader], "READY ");
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

  private Launched metaOnEtcd(EtcdCluster etcd, String namespace, int port, String ready) {
    return start("meta-" + port, ready, "server", "--metastate.provider=etcd",
        "--metastate.etcd.endpoints=" + etcd.endpointList(), "--metastate.etcd.namespace=" + namespace,
        "--metastate.session.ttl=2s", "--metaserver.http.port=" + port);
  }

  private Launched node(String id, String servers) {
    Launched l = start(id, "NODE ", "node", "--metaserver.node.id=" + id, "--metaserver.servers=" + servers,
        "--metaserver.http.port=0");
    return l;
  }

  private record Launched(Process process, String line) {}

  private Launched start(String name, String readyPrefix, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
    cmd.addAll(Arrays.asList(args));
    cmd.addAll(List.of("--metaserver.auth.node-token=" + NODE_TOKEN, "--metaserver.auth.admin-token=" + ADMIN_TOKEN,
        "--exit-with-parent"));
    try {
      Process p = new ProcessBuilder(cmd).redirectError(work.resolve(name + ".log").toFile()).start();
      processes.add(p);
      LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            lines.add(line);
          }
        } catch (IOException ignored) {
          // process gone
        }
      });
      reader.setDaemon(true);
      reader.start();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < end) {
        String line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line != null && line.startsWith(readyPrefix)) {
          return new Launched(p, line.substring(readyPrefix.length()).trim());
        }
        if (line == null && !p.isAlive()) {
          break;
        }
      }
      throw new IllegalStateException(name + " did not print '" + readyPrefix + "'; see "
          + work.resolve(name + ".log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitAlive(String meta, int count) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < end) {
      JsonNode c = get(meta + "/api/cluster");
      if (c != null) {
        long alive = 0;
        boolean allServed = true;
        for (JsonNode n : c.get("nodes")) {
          alive += n.get("alive").asBoolean() ? 1 : 0;
        }
        for (JsonNode p : c.get("partitions")) {
          allServed &= !p.get("primary").isNull();
        }
        if (alive == count && allServed) {
          return;
        }
      }
      pause(20);
    }
    throw new IllegalStateException("the cluster did not reach " + count + " live nodes");
  }

  private boolean leads(String meta) {
    JsonNode n = get(meta + "/api/leader");
    return n != null && n.get("isLeader").asBoolean();
  }

  private JsonNode route(List<String> servers, String key) {
    for (String s : servers) {
      JsonNode r = get(s + "/api/route?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  private boolean incr(JsonNode route, String key) {
    HttpResponse<String> r = send("POST", route.get("address").asText() + "/kv/" + key + "/incr");
    return r != null && r.statusCode() == 200;
  }

  private JsonNode get(String url) {
    return get(url, null);
  }

  private JsonNode get(String url, String token) {
    HttpResponse<String> r = send("GET", url, token);
    try {
      return r != null && r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private HttpResponse<String> send(String method, String url) {
    return send(method, url, null);
  }

  private HttpResponse<String> send(String method, String url, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Client threads incrementing random keys through the meta server's routing; counts acknowledged increments. */
  private final class Load {
    final List<String> keys = new ArrayList<>();
    final Map<String, AtomicLong> acked = new ConcurrentHashMap<>();
    private final List<String> servers;
    private final List<Thread> threads = new ArrayList<>();
    private final Map<String, JsonNode> routes = new ConcurrentHashMap<>();
    private volatile boolean running;

    Load(List<String> servers, int keyCount) {
      this.servers = servers;
      for (int i = 0; i < keyCount; i++) {
        keys.add("key-" + i);
        acked.put("key-" + i, new AtomicLong());
      }
    }

    void start(int threadCount) {
      running = true;
      for (int t = 0; t < threadCount; t++) {
        Thread th = new Thread(this::loop, "load-" + t);
        th.setDaemon(true);
        threads.add(th);
        th.start();
      }
    }

    private void loop() {
      while (running) {
        String k = keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
        JsonNode r = routes.computeIfAbsent(k, x -> {
          JsonNode fresh = route(servers, x);
          return fresh == null ? JSON.nullNode() : fresh;
        });
        if (!r.isNull() && incr(r, k)) {
          acked.get(k).incrementAndGet();
        } else {
          routes.remove(k);
          pause(10);
        }
      }
    }

    void awaitMore(long n) {
      long target = totalAcked() + n;
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (totalAcked() < target) {
        if (System.nanoTime() > end) {
          throw new IllegalStateException("load made no progress");
        }
        pause(10);
      }
    }

    long totalAcked() {
      return acked.values().stream().mapToLong(AtomicLong::get).sum();
    }

    void stop() {
      running = false;
      for (Thread t : threads) {
        try {
          t.join(20_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      threads.clear();
    }

    /** How many acknowledged increments are missing from the durable data (meta-state, read through the leader). */
    long lost(List<String> metaServers) {
      long lost = 0;
      for (String k : keys) {
        long value = -1;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (value < 0 && System.nanoTime() < end) {
          JsonNode r = route(metaServers, k);
          JsonNode v = null;
          for (int i = 0; r != null && v == null && i < metaServers.size(); i++) {
            v = get(metaServers.get(i) + "/api/data?node=" + r.get("primary").asText() + "&partition="
                + r.get("partition").asInt() + "&epoch=" + r.get("epoch").asLong(), NODE_TOKEN);
          }
          if (v != null) {
            JsonNode stored = v.get("values").get(k);
            value = stored == null ? 0 : stored.asLong();
          } else {
            pause(20);
          }
        }
        if (value < 0) {
          throw new IllegalStateException("cannot read " + k + " to check it");
        }
        lost += Math.max(0, acked.get(k).get() - value);
      }
      return lost;
    }
  }
}
