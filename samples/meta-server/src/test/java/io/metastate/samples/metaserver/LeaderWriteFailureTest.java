package io.metastate.samples.metaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.metastate.testing.TestTiming;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A leader whose placement write after a node's death fails (hole 6)")
class LeaderWriteFailureTest {
  @TempDir Path dir;
  private InProcess cluster;
  // Nodes here are plain HTTP callers: the test decides who beacons, so that a death is exactly when it stops.
  private final Set<String> beaconing = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService beacons = Executors.newSingleThreadScheduledExecutor();

  @BeforeEach
  void start() {
    cluster = new InProcess(dir);
    beacons.scheduleWithFixedDelay(() -> beaconing.forEach(id -> Api.call("POST", cluster.url + "/api/nodes/beacon",
        InProcess.NODE_TOKEN, "{\"id\":\"" + id + "\"}")), 100, 100, TimeUnit.MILLISECONDS);
  }

  @AfterEach
  void stop() {
    beacons.shutdownNow();
    cluster.close();
  }

  private void join(String id) {
    Api.Response r = Api.call("POST", cluster.url + "/api/nodes/register", InProcess.NODE_TOKEN, "{\"id\":\"" + id
        + "\",\"address\":\"http://127.0.0.1:1\",\"incarnation\":\"" + id + "-1\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    beaconing.add(id);
  }

  private List<JsonNode> partitions() {
    List<JsonNode> out = new ArrayList<>();
    Api.get(cluster.url + "/api/partitions").forEach(out::add);
    return out;
  }

  private long primariesOf(String id) {
    return partitions().stream().filter(p -> id.equals(p.get("primary").asText(null))).count();
  }

  @ParameterizedTest(name = "the write failed {0}")
  @ValueSource(strings = {"before applying", "after applying"})
  @DisplayName("still moves the dead node's partitions, and its later writes apply")
  void failoverCompletes(String when) {
    join("n1");
    join("n2");
    await().atMost(TestTiming.waitLimit()).until(() -> primariesOf("n2") == 8);

    cluster.server.seams().failNextWrite(ops -> ops.stream().anyMatch(op -> op.path().contains("/partitions/")),
        when.startsWith("after"));
    beaconing.remove("n2");

    await().atMost(TestTiming.waitLimit()).untilAsserted(() -> assertThat(partitions()).allSatisfy(p -> {
      assertThat(p.get("primary").asText(null)).as("primary of partition %s", p.get("id")).isEqualTo("n1");
      assertThat(p.get("secondaries")).as("secondaries of partition %s", p.get("id")).isEmpty();
    }));
    // The leader's view matches meta-state: a node that joins now gets its share (a write on every partition
    // record it moves, each version-checked against what the leader holds in memory).
    join("n3");
    await().atMost(TestTiming.waitLimit()).until(() -> primariesOf("n3") == 8);
    assertThat(primariesOf("n1")).isEqualTo(8);
  }
}
