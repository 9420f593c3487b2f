package io.metastate.samples.metaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metastate.testing.TestTiming;
import io.metastate.testing.etcd.EtcdCluster;
import io.metastate.testing.etcd.EtcdServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Two meta servers on etcd with three app nodes in separate processes")
class EtcdLeaderFailoverTest {
  static final String NODE_TOKEN = "node-token-for-tests";
  static final String ADMIN_TOKEN = "admin-token-for-tests";

  @TempDir Path dir;
  private final List<Proc> procs = new ArrayList<>();
  private EtcdCluster etcd;

  @AfterEach
  void stopAll() {
    procs.forEach(Proc::kill);
    if (etcd != null) {
      etcd.close();
    }
  }

  private Proc metaServer(String name, String readyPrefix, String namespace) {
    Proc p = Proc.start(dir, name, readyPrefix, "server", "--metastate.provider=etcd",
        "--metastate.etcd.endpoints=" + etcd.endpointList(), "--metastate.etcd.namespace=" + namespace,
        "--metastate.session.ttl=2s", "--metastate.owner-id=" + name, "--metaserver.http.port=0",
        "--metaserver.auth.node-token=" + NODE_TOKEN, "--metaserver.auth.admin-token=" + ADMIN_TOKEN);
    procs.add(p);
    return p;
  }

  @Test
  @DisplayName("SIGKILL of the leader meta server mid-run: the follower takes over and nothing acknowledged is lost")
  void leaderKilled() {
    etcd = EtcdServers.start();
    String namespace = "metaserver-test-" + UUID.randomUUID() + "/";
    Proc first = metaServer("meta-1", "LEADER ", namespace);
    Proc second = metaServer("meta-2", "READY ", namespace);
    String servers = first.ready + "," + second.ready;
    // A follower redirects to the leader.
    Api.Response redirect = Api.call("GET", second.ready + "/api/cluster", null, null);
    assertThat(redirect.status()).isEqualTo(307);
    assertThat(redirect.raw().headers().firstValue("Location")).contains(first.ready + "/api/cluster");

    for (int i = 1; i <= 3; i++) {
      procs.add(Proc.start(dir, "node-" + i, "NODE ", "node", "--metaserver.node.id=node-" + i,
          "--metaserver.servers=" + servers, "--metaserver.auth.node-token=" + NODE_TOKEN,
          "--metaserver.http.port=0"));
    }
    await().atMost(TestTiming.waitLimit()).until(() -> LocalFileFailoverTest.allPartitionsServed(first.ready, 3));

    try (Workload load = new Workload(List.of(first.ready, second.ready), 40, 4)) {
      await().atMost(TestTiming.seconds(60)).until(() -> load.totalAcked() >= 300);
      long ackedAtKill = load.totalAcked();
      first.kill();
      long killed = System.nanoTime();
      second.awaitLine("LEADER ", TestTiming.seconds(30));
      long elected = System.nanoTime();
      await().atMost(TestTiming.seconds(30)).pollInterval(Duration.ofMillis(20))
          .until(() -> load.totalAcked() > ackedAtKill + 20);
      System.out.printf("leader failover: new leader after %d ms, serving writes after %d ms%n",
          (elected - killed) / 1_000_000, (System.nanoTime() - killed) / 1_000_000);
      assertThat(Api.get(second.ready + "/api/leader").get("isLeader").asBoolean()).isTrue();

      await().atMost(TestTiming.seconds(60)).until(() -> load.totalAcked() >= ackedAtKill + 300);
      load.close();
      for (String k : load.keys) {
        long value = load.durable(second.ready, NODE_TOKEN, k);
        // Every acknowledged increment is durable. (More may be: an increment whose outcome was unknown to the
        // client — a timeout — may have landed and been retried; the client promises at-least-once, not exactly.)
        assertThat(value).as("value of %s", k).isGreaterThanOrEqualTo(load.acked.get(k).get());
      }
    }
  }
}
