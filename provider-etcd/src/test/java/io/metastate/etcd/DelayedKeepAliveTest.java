package io.metastate.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import io.metastate.tck.wire.Direction;
import io.metastate.testing.TestTiming;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hole 9: etcd renews a lease when a keep-alive request arrives, so a reply proves the lease alive only from when its
 * request was sent. Timed on arrival, a reply that was in flight across a pause (here: a clock moved past the TTL
 * while replies are slowed down) makes a lease read HELD although its last renewal is more than a TTL old.
 *
 * <p>The client's timer thread is held during the "pause", as it would be in the first instant after SIGCONT, so that
 * only replies already in flight can reach the session.
 */
@DisplayName("a keep-alive reply that arrives after a pause")
class DelayedKeepAliveTest {
  @RegisterExtension final EtcdFixture f = new EtcdFixture();

  @Test
  @DisplayName("does not make a lease read HELD once its last renewal is a TTL old")
  void timedFromSend() throws InterruptedException {
    CoordinationClient a = f.open("a");
    LockLease lease = a.locks().tryAcquire("paused").orElseThrow();
    f.proxy(a).delay(Direction.TO_CLIENT, Duration.ofMillis(300));
    Awaitility.await().atMost(TestTiming.seconds(10)).until(() -> a.session().state() == SessionState.CONNECTED
        && lease.state() == LeaseState.HELD);

    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    ((EtcdCoordinationClient) a).timer().execute(() -> {
      held.countDown();
      awaitQuietly(resume);
    });
    try {
      assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
      f.advanceClock(a, EtcdFixture.TTL.plusMillis(500));
      Awaitility.await().during(TestTiming.millis(2500)).atMost(TestTiming.seconds(5))
          .until(() -> lease.state() != LeaseState.HELD);
    } finally {
      resume.countDown();
    }
    Awaitility.await().atMost(TestTiming.seconds(10)).until(() -> lease.state() == LeaseState.LOST);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
