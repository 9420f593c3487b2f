package io.metastate.samples.metaserver;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.inject.Guice;
import io.metastate.config.MetaStateConfig;
import io.metastate.guice.MetaStateModule;
import io.metastate.samples.metaserver.node.AppNode;
import io.metastate.testing.TestTiming;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One meta server on local-file and app nodes, all in this JVM, so that a test can reach the server's fault seams.
 * Default timing: node lease 1 s, grace 500 ms, beacons every 200 ms (a node's meta-server timeout is 400 ms).
 */
final class InProcess implements AutoCloseable {
  static final String NODE_TOKEN = "node-token-in-process";
  static final String ADMIN_TOKEN = "admin-token-in-process";

  final MetaServer server;
  final String url;
  private final List<AppNode> nodes = new ArrayList<>();

  InProcess(Path dir) {
    this(dir, Map.of());
  }

  /** A cluster whose meta server also has these {@code metaserver.*} settings. */
  InProcess(Path dir, Map<String, String> settings) {
    MetaStateConfig config = MetaStateConfig.of(Map.of("metastate.provider", "localfile",
        "metastate.localfile.dir", dir.toString(), "metaserver.http.port", "0",
        "metaserver.auth.node-token", NODE_TOKEN, "metaserver.auth.admin-token", ADMIN_TOKEN));
    for (Map.Entry<String, String> e : settings.entrySet()) {
      config = config.with(e.getKey(), e.getValue());
    }
    server = Guice.createInjector(MetaStateModule.of(config), new MetaServerModule()).getInstance(MetaServer.class);
    url = server.start();
    await().atMost(TestTiming.waitLimit()).until(server::isLeader);
  }

  /** Starts an app node; returns its URL. */
  String node(String id) {
    AppNode node = new AppNode(Settings.from(MetaStateConfig.of(Map.of("metaserver.node.id", id,
        "metaserver.servers", url, "metaserver.auth.node-token", NODE_TOKEN, "metaserver.http.port", "0"))));
    nodes.add(node);
    return node.start();
  }

  /**
   * Starts app nodes with these ids and waits until they are the alive nodes and every partition has a primary;
   * returns their URLs by id.
   */
  Map<String, String> servingNodes(String... ids) {
    Map<String, String> urls = new LinkedHashMap<>();
    for (String id : ids) {
      urls.put(id, node(id));
    }
    await().atMost(TestTiming.waitLimit()).until(() -> LocalFileFailoverTest.allPartitionsServed(url, ids.length));
    return urls;
  }

  /** A key's value as stored in meta-state (not a node's cache), or 0; waits until its partition has a primary. */
  long durable(String key) {
    JsonNode route = await().atMost(TestTiming.waitLimit()).until(() -> {
      Api.Response r = Api.call("GET", url + "/api/route?key=" + key, null, null);
      return r.status() == 200 ? r.json() : null;
    }, r -> r != null);
    Api.Response data = Api.call("GET", url + "/api/data?node=" + route.get("primary").asText() + "&partition="
        + route.get("partition").asInt() + "&epoch=" + route.get("epoch").asLong(), NODE_TOKEN, null);
    if (data.status() != 200) {
      throw new IllegalStateException("cannot read the data of " + key + ": " + data.body());
    }
    JsonNode v = data.json().get("values").get(key);
    return v == null ? 0 : v.asLong();
  }

  @Override
  public void close() {
    nodes.forEach(AppNode::close);
    server.close();
  }
}
