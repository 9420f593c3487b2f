package io.metastate.samples.metaserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.samples.metaserver.client.RoutingClient;
import io.metastate.testing.TestTiming;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A write-back the node resent after its timeout (hole 1)")
class WriteBackOrderTest {
  static final String KEY = "counter";
  @TempDir Path dir;
  private InProcess cluster;
  private RoutingClient client;
  private final int partition = KeySpace.partitionOf(KEY, 16);

  @BeforeEach
  void start() {
    cluster = new InProcess(dir);
    cluster.servingNodes("node-1");
    client = new RoutingClient(List.of(cluster.url), TestTiming.seconds(20));
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  @DisplayName("that reaches the leader after a newer acknowledged one does not overwrite it")
  void lateOriginalDoesNotOverwriteNewerValue() {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    AtomicInteger seen = new AtomicInteger();
    // The first write-back of the key's partition waits at the leader; the node times out and resends.
    cluster.server.seams().gateWriteBacks((w, apply) -> {
      if (w.partition() != partition || seen.getAndIncrement() > 0) {
        return apply.get();
      }
      held.countDown();
      LateReplies.hold(release);
      try {
        return apply.get();
      } finally {
        finished.countDown();
      }
    });

    assertThat(client.incr(KEY, 1)).isEqualTo(1);
    assertThat(held.getCount()).as("the first write-back is still held at the leader").isZero();
    assertThat(client.incr(KEY, 1)).isEqualTo(2);
    assertThat(cluster.durable(KEY)).isEqualTo(2);

    release.countDown();
    LateReplies.hold(finished);
    assertThat(cluster.durable(KEY)).as("the acknowledged value 2 survives the late write-back of 1").isEqualTo(2);
    assertThat(client.incr(KEY, 1)).isEqualTo(3);
    assertThat(cluster.durable(KEY)).isEqualTo(3);
  }

  @Test
  @DisplayName("after the first one applied and its reply was lost is acknowledged, and the partition keeps serving")
  void resendOfAppliedWriteBackIsAcknowledged() {
    // The first write-back applies, then its reply waits until the node has resent it (the node saw a timeout).
    LateReplies late = LateReplies.stage(cluster, partition, node -> true, null);

    assertThat(client.incr(KEY, 1)).isEqualTo(1);
    assertThat(late.seen()).as("write-backs the leader saw").isGreaterThanOrEqualTo(2);
    assertThat(client.incr(KEY, 1)).isEqualTo(2);
    assertThat(cluster.durable(KEY)).isEqualTo(2);
    assertThat(client.get(KEY)).hasValue(2);
  }
}
