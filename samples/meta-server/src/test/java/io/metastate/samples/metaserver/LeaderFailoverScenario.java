package io.metastate.samples.metaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metastate.testing.TestTiming;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Two meta servers and three app nodes, each in its own process, on one shared backend: a write workload runs, the
 * leader is SIGKILLed mid-run, the follower takes over, and every acknowledged increment is durable. The backend is
 * whatever the provider arguments name, so each provider's test is its server plus one call.
 */
final class LeaderFailoverScenario implements AutoCloseable {
  static final String NODE_TOKEN = "node-token-for-tests";
  static final String ADMIN_TOKEN = "admin-token-for-tests";

  private final Path dir;
  private final List<String> providerArgs;
  private final List<Proc> procs = new ArrayList<>();

  /**
   * @param dir where each process's log goes
   * @param providerArgs the {@code --metastate.*} arguments that put a meta server on the shared backend
   */
  LeaderFailoverScenario(Path dir, List<String> providerArgs) {
    this.dir = dir;
    this.providerArgs = List.copyOf(providerArgs);
  }

  private Proc metaServer(String name, String readyPrefix) {
    List<String> args = new ArrayList<>(List.of("server"));
    args.addAll(providerArgs);
    // A 2 s session: the follower notices the dead leader quickly, yet a loaded machine keeps its heartbeats in time.
    args.addAll(List.of("--metastate.session.ttl=2s", "--metastate.owner-id=" + name, "--metaserver.http.port=0",
        "--metaserver.auth.node-token=" + NODE_TOKEN, "--metaserver.auth.admin-token=" + ADMIN_TOKEN));
    Proc p = Proc.start(dir, name, readyPrefix, args.toArray(String[]::new));
    procs.add(p);
    return p;
  }

  /** Runs the scenario; throws AssertionError on the first broken expectation. */
  void leaderKilled() {
    Proc first = metaServer("meta-1", "LEADER ");
    Proc second = metaServer("meta-2", "READY ");
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

  /** SIGKILLs every process the scenario started. */
  @Override
  public void close() {
    procs.forEach(Proc::kill);
  }
}
