package io.metastate.samples.metaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metastate.samples.metaserver.Records.Route;
import io.metastate.samples.metaserver.client.RoutingClient;
import io.metastate.testing.TestTiming;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("An app node that cannot renew its lease")
class NodeLeaseLossTest {
  static final String NODE_TOKEN = "node-token-for-tests";
  @TempDir Path dir;
  private final List<Proc> procs = new ArrayList<>();
  private Proc server;

  @AfterEach
  void killAll() {
    if (server != null) {
      server.child.resume();
    }
    procs.forEach(Proc::kill);
  }

  @Test
  @DisplayName("purges its cache and stops serving while the meta server is frozen, then serves the durable values")
  void stopsServingWithoutLease() {
    server = Proc.start(dir, "metaserver", "LEADER ", "server", "--metastate.provider=localfile",
        "--metastate.localfile.dir=" + dir.resolve("store"), "--metaserver.http.port=0",
        "--metaserver.auth.node-token=" + NODE_TOKEN, "--metaserver.auth.admin-token=admin-token-for-tests");
    procs.add(server);
    procs.add(Proc.start(dir, "node-1", "NODE ", "node", "--metaserver.node.id=node-1",
        "--metaserver.servers=" + server.ready, "--metaserver.auth.node-token=" + NODE_TOKEN,
        "--metaserver.http.port=0"));
    await().atMost(TestTiming.waitLimit()).until(() -> LocalFileFailoverTest.allPartitionsServed(server.ready, 1));
    RoutingClient client = new RoutingClient(List.of(server.ready), Duration.ofSeconds(20));
    for (int i = 0; i < 5; i++) {
      client.incr("lease-key", 1);
    }
    Route route = client.route("lease-key");
    assertThat(Api.get(route.address() + "/kv/lease-key").get("value").asLong()).isEqualTo(5);

    server.child.pause();
    await().atMost(TestTiming.waitLimit()).pollInterval(Duration.ofMillis(50)).until(() ->
        Api.call("GET", route.address() + "/kv/lease-key", null, null).status() == 503);
    await().atMost(TestTiming.waitLimit()).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      var status = Api.get(route.address() + "/status");
      assertThat(status.get("leaseValid").asBoolean()).isFalse();
      assertThat(status.get("primaryOf").size()).as("partitions still cached").isZero();
    });
    assertThat(Api.call("POST", route.address() + "/kv/lease-key/incr", null, null).status()).isEqualTo(503);

    server.child.resume();
    assertThat(client.get("lease-key")).hasValue(5);
    assertThat(client.incr("lease-key", 1)).isEqualTo(6);
  }
}
