package io.metastate.bench.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Guice;
import io.metastate.config.MetaStateConfig;
import io.metastate.guice.MetaStateModule;
import io.metastate.samples.metaserver.MetaServer;
import io.metastate.samples.metaserver.MetaServerModule;
import io.metastate.samples.metaserver.Settings;
import io.metastate.samples.metaserver.node.AppNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;

/**
 * The sample meta server on local-file and its app nodes, all in this JVM (as the sample's own {@code InProcess}
 * test helper does), with default timing: node lease 1 s, grace 500 ms, beacons every 200 ms.
 */
final class MetaCluster implements AutoCloseable {
  static final Duration BEACON = Duration.ofMillis(200);
  private static final String NODE_TOKEN = "scale-node-token";
  private static final String ADMIN_TOKEN = "scale-admin-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  final MetaServer server;
  final String url;
  final Map<String, AppNode> nodes = new LinkedHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private int started;

  MetaCluster(Path dir, int partitions) {
    MetaStateConfig config = MetaStateConfig.of(Map.of("metastate.provider", "localfile",
        "metastate.localfile.dir", dir.toString(), "metaserver.http.port", "0",
        "metaserver.partitions", Integer.toString(partitions), "metaserver.auth.node-token", NODE_TOKEN,
        "metaserver.auth.admin-token", ADMIN_TOKEN));
    server = Guice.createInjector(MetaStateModule.of(config), new MetaServerModule()).getInstance(MetaServer.class);
    url = server.start();
    await("the meta server leads", Duration.ofSeconds(30), server::isLeader);
  }

  /** Starts a new app node; returns its id. */
  String startNode() {
    String id = "node-" + (++started);
    AppNode node = new AppNode(Settings.from(MetaStateConfig.of(Map.of("metaserver.node.id", id,
        "metaserver.servers", url, "metaserver.auth.node-token", NODE_TOKEN, "metaserver.http.port", "0"))));
    nodes.put(id, node);
    node.start();
    return id;
  }

  /** Stops a node's beacons and serving at once (as a crash does, seen from the leader). */
  void stopNode(String id) {
    nodes.remove(id).close();
  }

  JsonNode get(String path) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10))
          .build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + r.body());
      }
      return JSON.readTree(r.body());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("GET " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** How many nodes the leader considers alive. */
  long aliveNodes() {
    long live = 0;
    for (JsonNode n : get("/api/nodes")) {
      live += n.get("alive").asBoolean() ? 1 : 0;
    }
    return live;
  }

  /** Runs the balancer once by the admin call (no node changed: it computes and finds nothing to move); millis. */
  double rebalanceMillis() {
    long t0 = System.nanoTime();
    try {
      HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/admin/rebalance"))
          .header("Authorization", "Bearer " + ADMIN_TOKEN).timeout(Duration.ofSeconds(60))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("rebalance answered " + r.statusCode());
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("rebalance: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  /** Whether every partition has a live primary that is not {@code gone}, and {@code alive} nodes are alive. */
  boolean served(long alive, String gone) {
    JsonNode cluster = get("/api/cluster");
    long live = 0;
    for (JsonNode n : cluster.get("nodes")) {
      live += n.get("alive").asBoolean() ? 1 : 0;
    }
    for (JsonNode p : cluster.get("partitions")) {
      if (p.get("primary").isNull() || p.get("primary").asText().equals(gone)) {
        return false;
      }
    }
    return live == alive;
  }

  /** Waits until the placement of every partition stayed the same for a second (the balancer has settled). */
  void awaitSettled(Duration limit) {
    AtomicReference<String> last = new AtomicReference<>(placement());
    // a look every 100 ms; settled once each look for a second saw what the one before it saw
    Awaitility.await("the balancer settles").atMost(limit).pollInterval(Duration.ofMillis(100))
        .during(Duration.ofSeconds(1)).until(this::placement, now -> now.equals(last.getAndSet(now)));
  }

  private String placement() {
    return get("/api/partitions").toString();
  }

  /** The primary of partition 0, or null. */
  String primaryOfFirst() {
    JsonNode p = get("/api/partitions").get(0);
    return p.get("primary").isNull() ? null : p.get("primary").asText();
  }

  /** Polls {@code condition} now and every 20 ms until it holds; fails, saying {@code what}, after {@code limit}. */
  static void await(String what, Duration limit, BooleanSupplier condition) {
    Awaitility.await(what).atMost(limit).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
        .until(condition::getAsBoolean);
  }

  @Override
  public void close() {
    nodes.values().forEach(AppNode::close);
    server.close();
  }
}
