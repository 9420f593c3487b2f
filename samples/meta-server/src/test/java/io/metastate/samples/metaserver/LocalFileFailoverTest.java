package io.metastate.samples.metaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.metastate.samples.metaserver.Records.Route;
import io.metastate.testing.TestTiming;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A meta server on local-file with three app nodes in separate processes")
class LocalFileFailoverTest {
  static final String NODE_TOKEN = "node-token-for-tests";
  static final String ADMIN_TOKEN = "admin-token-for-tests";

  @TempDir Path dir;
  private final List<Proc> procs = new ArrayList<>();

  @AfterEach
  void killAll() {
    procs.forEach(Proc::kill);
  }

  private Proc node(String id, String metaUrl) {
    Proc p = Proc.start(dir, id, "NODE ", "node", "--metaserver.node.id=" + id, "--metaserver.servers=" + metaUrl,
        "--metaserver.auth.node-token=" + NODE_TOKEN, "--metaserver.http.port=0");
    procs.add(p);
    return p;
  }

  static Map<String, Integer> primaries(String metaUrl) {
    Map<String, Integer> count = new HashMap<>();
    JsonNode cluster = Api.get(metaUrl + "/api/cluster");
    cluster.get("nodes").forEach(n -> {
      if (n.get("alive").asBoolean()) {
        count.put(n.get("id").asText(), n.get("primaries").asInt());
      }
    });
    return count;
  }

  static boolean allPartitionsServed(String metaUrl, int aliveNodes) {
    JsonNode cluster = Api.get(metaUrl + "/api/cluster");
    long alive = StreamSupport.stream(cluster.get("nodes").spliterator(), false)
        .filter(n -> n.get("alive").asBoolean()).count();
    return alive == aliveNodes && StreamSupport.stream(cluster.get("partitions").spliterator(), false)
        .noneMatch(p -> p.get("primary").isNull());
  }

  @Test
  @DisplayName("SIGKILL of a primary: its partition fails over, every acknowledged increment survives, and the "
      + "killed node's epoch is rejected")
  void primaryKilled() {
    Proc server = Proc.start(dir, "metaserver", "LEADER ", "server", "--metastate.provider=localfile",
        "--metastate.localfile.dir=" + dir.resolve("store"), "--metaserver.http.port=0",
        "--metaserver.auth.node-token=" + NODE_TOKEN, "--metaserver.auth.admin-token=" + ADMIN_TOKEN);
    procs.add(server);
    String meta = server.ready;

    // Nodes join one by one; with the greedy balancer each joiner takes half of the busiest node's primaries.
    Map<String, Proc> nodes = new HashMap<>();
    nodes.put("node-1", node("node-1", meta));
    await().atMost(TestTiming.waitLimit()).until(() -> allPartitionsServed(meta, 1));
    nodes.put("node-2", node("node-2", meta));
    await().atMost(TestTiming.waitLimit()).until(() -> primaries(meta).getOrDefault("node-2", 0) > 0);
    assertThat(primaries(meta)).containsEntry("node-1", 8).containsEntry("node-2", 8);
    nodes.put("node-3", node("node-3", meta));
    await().atMost(TestTiming.waitLimit()).until(() -> primaries(meta).getOrDefault("node-3", 0) > 0);
    assertThat(primaries(meta).get("node-3")).isEqualTo(4);
    assertThat(primaries(meta).values()).containsExactlyInAnyOrder(4, 4, 8);

    try (Workload load = new Workload(List.of(meta), 40, 4)) {
      await().atMost(TestTiming.seconds(60)).until(() -> load.totalAcked() >= 300);

      Route before = load.client().route("key-0");
      nodes.get(before.primary()).kill();
      long killed = System.nanoTime();
      await().atMost(TestTiming.seconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
        Route now = load.client().route("key-0");
        return !now.primary().equals(before.primary()) && load.client().get("key-0") != null;
      });
      Duration failover = Duration.ofNanos(System.nanoTime() - killed);
      System.out.printf("node failover: partition %d moved from %s (epoch %d) in %d ms%n", before.partition(),
          before.primary(), before.epoch(), failover.toMillis());
      Route after = load.client().route("key-0");
      assertThat(after.epoch()).isGreaterThan(before.epoch());

      long ackedAtKill = load.totalAcked();
      await().atMost(TestTiming.seconds(60)).until(() -> load.totalAcked() >= ackedAtKill + 300);
      load.close();

      for (String k : load.keys) {
        long value = load.durable(meta, NODE_TOKEN, k);
        // Every acknowledged increment is durable, and none counts twice: the client retries an increment only
        // when it was certainly not applied, so more than acknowledged can be durable (outcome unknown), never more
        // than attempted.
        assertThat(value).as("value of %s", k).isGreaterThanOrEqualTo(load.acked.get(k).get())
            .isLessThanOrEqualTo(load.attempted.get(k).get());
      }

      // The killed node's epoch is fenced out: its write-back is refused and changes nothing durable.
      Route current = load.client().route("key-0");
      String durablePath = meta + "/api/data?node=" + current.primary() + "&partition=" + current.partition()
          + "&epoch=" + current.epoch();
      JsonNode durableBefore = Api.call("GET", durablePath, NODE_TOKEN, null).json().get("values");
      Api.Response stale = Api.call("POST", meta + "/api/writeback", NODE_TOKEN,
          "{\"node\":\"" + before.primary() + "\",\"incarnation\":\"old\",\"partition\":" + before.partition()
              + ",\"epoch\":" + before.epoch() + ",\"seq\":1,\"values\":{\"key-0\":999999}}");
      assertThat(stale.status()).isEqualTo(409);
      assertThat(stale.json().get("error").asText()).contains("stale epoch");
      JsonNode durableAfter = Api.call("GET", durablePath, NODE_TOKEN, null).json().get("values");
      assertThat(durableAfter.get("key-0").asLong()).isNotEqualTo(999999)
          .isEqualTo(durableBefore.get("key-0").asLong());
    }
  }
}
