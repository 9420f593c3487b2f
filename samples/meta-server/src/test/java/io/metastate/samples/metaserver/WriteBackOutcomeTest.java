package io.metastate.samples.metaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metastate.samples.metaserver.client.RoutingClient;
import io.metastate.samples.metaserver.http.ApiException;
import io.metastate.testing.TestTiming;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("An increment whose write-back is in flight (hole 14)")
class WriteBackOutcomeTest {
  static final String KEY = "counter";
  @TempDir Path dir;
  private InProcess cluster;
  private String node;
  private final int partition = KeySpace.partitionOf(KEY, 16);

  @BeforeEach
  void start() {
    cluster = new InProcess(dir);
    node = cluster.servingNodes("node-1").get("node-1");
    // The node has its assignments once it answers for the key (it loads the partition on first use).
    await().atMost(TestTiming.waitLimit()).until(() -> read().status() == 200);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private Api.Response read() {
    return Api.call("GET", node + "/kv/" + KEY, null, null);
  }

  private CompletableFuture<Api.Response> incr() {
    return CompletableFuture.supplyAsync(() -> Api.call("POST", node + "/kv/" + KEY + "/incr", null, null));
  }

  @Test
  @DisplayName("is not served to readers before it is acknowledged")
  void readsServeOnlyAcknowledgedValues() {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    cluster.server.seams().gateWriteBacks((w, apply) -> {
      if (w.partition() == partition) {
        arrived.countDown();
        LateReplies.hold(release);
      }
      return apply.get();
    });
    CompletableFuture<Api.Response> pending = incr();
    LateReplies.hold(arrived);
    assertThat(read().json().get("value").isNull()).as("value read while its write-back is unacknowledged: %s",
        read().body()).isTrue();

    release.countDown();
    Api.Response acked = pending.join();
    assertThat(acked.status()).as(acked.body()).isEqualTo(200);
    assertThat(acked.json().get("value").asLong()).isEqualTo(1);
    assertThat(read().json().get("value").asLong()).isEqualTo(1);
  }

  @Test
  @DisplayName("that applied before its partition moved is never answered 'refused' (409)")
  void appliedThenMovedIsNotRefused() {
    CountDownLatch evicted = new CountDownLatch(1);
    // The first write-back applies and its reply is held until the node, timed out, resends it; the resend reaches
    // the leader only after the node was evicted (its partitions' epochs moved on).
    LateReplies late = LateReplies.stage(cluster, partition, node -> true, evicted);
    CompletableFuture<Api.Response> pending = incr();
    LateReplies.hold(late.resent);
    Api.Response evict = Api.call("POST", cluster.url + "/api/admin/nodes/node-1/evict", InProcess.ADMIN_TOKEN, null);
    assertThat(evict.status()).as(evict.body()).isEqualTo(200);
    evicted.countDown();

    Api.Response answer = pending.join();
    assertThat(cluster.durable(KEY)).as("the increment is durable").isEqualTo(1);
    // It applied, so the only truthful answers are "acknowledged" and "outcome unknown".
    assertThat(answer.status()).as(answer.body()).isIn(200, 504);
  }

  @Test
  @DisplayName("that applied, and whose resend is refused after the next primary wrote, is answered 'outcome unknown'")
  void appliedThenOverwrittenIsUnknown() {
    Map<String, String> nodes = twoNodes();
    Api.Response answer = appliedThenOverwritten(first -> Api.call("POST", nodes.get(first) + "/kv/" + KEY + "/incr",
        null, null));
    assertThat(cluster.durable(KEY)).as("both increments are durable").isEqualTo(2);
    assertThat(answer.status()).as(answer.body()).isIn(200, 504);
  }

  @Test
  @DisplayName("that applied, then was refused, is not retried by the routing client (no double count)")
  void routingClientDoesNotRetryUnknownOutcome() {
    twoNodes();
    RoutingClient client = new RoutingClient(List.of(cluster.url), TestTiming.seconds(20));
    Object outcome = appliedThenOverwritten(first -> {
      try {
        return client.incr(KEY, 1);
      } catch (ApiException e) {
        return e;
      }
    });
    assertThat(cluster.durable(KEY)).as("each increment counted once").isEqualTo(2);
    assertThat(outcome).as("the client's answer").isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.status()).isEqualTo(504));
  }

  /** Replaces the cluster with one of two nodes; returns their URLs by id. */
  private Map<String, String> twoNodes() {
    cluster.close();
    // The simple balancer moves partitions only away from dead nodes, so an evicted node does not get its
    // partitions back when it registers again.
    cluster = new InProcess(dir.resolve("two"), Map.of("metaserver.balancer", "simple"));
    return cluster.servingNodes("node-1", "node-2");
  }

  /**
   * The key's first primary increments it (through {@code incr}, given that primary's id), its write-back applies,
   * and its reply is held until the node resends it; the first primary is evicted, the next one increments the key
   * (its write-back replaces the stored mark), and only then does the resend reach the leader. Returns what
   * {@code incr} answered.
   */
  private <T> T appliedThenOverwritten(Function<String, T> incr) {
    String first = Api.get(cluster.url + "/api/route?key=" + KEY).get("primary").asText();
    CountDownLatch overwritten = new CountDownLatch(1);
    LateReplies late = LateReplies.stage(cluster, partition, first::equals, overwritten);
    CompletableFuture<T> pending = CompletableFuture.supplyAsync(() -> incr.apply(first));
    LateReplies.hold(late.resent);
    Api.Response evict = Api.call("POST", cluster.url + "/api/admin/nodes/" + first + "/evict",
        InProcess.ADMIN_TOKEN, null);
    assertThat(evict.status()).as(evict.body()).isEqualTo(200);
    RoutingClient client = new RoutingClient(List.of(cluster.url), TestTiming.seconds(20));
    assertThat(client.incr(KEY, 1)).as("the next primary's increment, over the durable 1").isEqualTo(2);
    assertThat(client.route(KEY).primary()).isNotEqualTo(first);
    overwritten.countDown();
    return pending.join();
  }
}
