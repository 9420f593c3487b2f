package io.metastate.samples.metaserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.testing.TestTiming;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A write-back whose reply is late, staged at the leader: the first write-back of one partition applies, and its reply
 * waits until the node, timed out, has resent it. Holes 1 and 14 live in what happens to that resend.
 */
final class LateReplies {
  /** Opens once the resend reached the leader. */
  final CountDownLatch resent = new CountDownLatch(1);
  private final AtomicInteger seen = new AtomicInteger();

  private LateReplies() {}

  /**
   * Gates {@code cluster}'s write-backs of {@code partition} from nodes {@code from} accepts. The resend applies at
   * once if {@code resendWaitsFor} is null, else only after it opens.
   */
  static LateReplies stage(InProcess cluster, int partition, Predicate<String> from, CountDownLatch resendWaitsFor) {
    LateReplies late = new LateReplies();
    cluster.server.seams().gateWriteBacks((w, apply) -> {
      if (w.partition() != partition || !from.test(w.node())) {
        return apply.get();
      }
      if (late.seen.getAndIncrement() == 0) {
        var reply = apply.get();
        hold(late.resent);
        return reply;
      }
      if (resendWaitsFor == null) {
        var reply = apply.get();
        late.resent.countDown();
        return reply;
      }
      late.resent.countDown();
      hold(resendWaitsFor);
      return apply.get();
    });
    return late;
  }

  /** How many write-backs of the partition the leader saw. */
  int seen() {
    return seen.get();
  }

  /** Waits for {@code latch} (within the wait limit, failing otherwise), as the leader's gate does. */
  static void hold(CountDownLatch latch) {
    try {
      assertThat(latch.await(TestTiming.waitLimit().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
