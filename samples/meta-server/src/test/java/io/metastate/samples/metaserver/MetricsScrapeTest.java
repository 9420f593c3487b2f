package io.metastate.samples.metaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.metastate.testing.TestTiming;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalDouble;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A running meta server's /metrics and /health, scraped as Prometheus would")
class MetricsScrapeTest {
  @TempDir Path dir;

  /** The value of the first sample of {@code name} whose labels contain every one of {@code labels}. */
  static OptionalDouble sample(String scrape, String name, String... labels) {
    return Arrays.stream(scrape.split("\n"))
        .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .filter(l -> Arrays.stream(labels).allMatch(l::contains))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst();
  }

  static String scrape(String url) {
    Api.Response r = Api.call("GET", url + "/metrics", null, null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    return r.body();
  }

  @Test
  @DisplayName("the failover counter and duration increase after an app node is SIGKILLed; library meters are there")
  void failoverCounted() {
    try (ProcNodes cluster = new ProcNodes(dir)) {
      String meta = cluster.server();
      cluster.node("node-1", meta);
      cluster.node("node-2", meta);
      await().atMost(TestTiming.waitLimit()).until(() -> sample(scrape(meta), "metaserver_nodes_alive")
          .orElse(0) == 2 && sample(scrape(meta), "metaserver_partitions_without_primary").orElse(-1) == 0);

      String before = scrape(meta);
      assertThat(sample(before, "metaserver_failovers_total")).hasValue(0);
      assertThat(sample(before, "metaserver_leader_term").orElse(0)).isPositive();
      assertThat(sample(before, "metastate_election_leader", "election=\"metaserver-default\"")).hasValue(1);
      assertThat(sample(before, "metastate_state_op_seconds_count", "provider=\"localfile\"", "op=\"multi\"",
          "outcome=\"ok\"").orElse(0)).isPositive();
      assertThat(sample(before, "metastate_session_state", "state=\"connected\"")).hasValue(1);
      // An increment is acknowledged once its write-back is applied: the applied count moves with it.
      JsonNode route = Api.get(meta + "/api/route?key=k1");
      assertThat(Api.call("POST", route.get("address").asText() + "/kv/k1/incr", null, null).status()).isEqualTo(200);
      assertThat(sample(scrape(meta), "metaserver_writebacks_total", "outcome=\"applied\"").orElse(0))
          .isGreaterThanOrEqualTo(1);
      Api.Response health = Api.call("GET", meta + "/health", null, null);
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.json().get("ready").asBoolean()).isTrue();
      assertThat(health.json().get("session").asText()).isEqualTo("CONNECTED");

      cluster.nodes.get(route.get("primary").asText()).kill();
      await().atMost(TestTiming.seconds(20)).until(() -> sample(scrape(meta), "metaserver_failovers_total")
          .orElse(0) == 1);
      String after = scrape(meta);
      assertThat(sample(after, "metaserver_nodes_alive")).hasValue(1);
      assertThat(sample(after, "metaserver_failover_duration_seconds_count")).hasValue(1);
      // At least the lease + grace the failure detector waits (1.5 s by default) before declaring a node dead.
      assertThat(sample(after, "metaserver_failover_duration_seconds_sum").orElse(0)).isGreaterThanOrEqualTo(1.5);
      assertThat(sample(after, "metaserver_partitions_without_primary")).hasValue(0);

      // A write-back at the dead primary's epoch is refused (409) and counted as such.
      Api.Response stale = Api.call("POST", meta + "/api/writeback", InProcess.NODE_TOKEN, "{\"node\":\""
          + route.get("primary").asText() + "\",\"incarnation\":\"old\",\"partition\":"
          + route.get("partition").asInt() + ",\"epoch\":" + route.get("epoch").asLong()
          + ",\"seq\":1,\"values\":{\"k1\":99}}");
      assertThat(stale.status()).isEqualTo(409);
      assertThat(sample(scrape(meta), "metaserver_writebacks_total", "outcome=\"refused\"")).hasValue(1);
    }
  }
}
