package io.metastate.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.OperationInterruptedException;
import io.metastate.lock.LockLease;
import io.metastate.testing.TestTiming;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hole 15 on etcd: a timeout of zero or less is exactly one try, and an interrupted acquire throws
 * OperationInterruptedException with the interrupt flag still set and its waiter withdrawn.
 */
@DisplayName("acquire on etcd")
class InterruptedAcquireTest {
  @Test
  @DisplayName("with a timeout of zero or less tries once and leaves no claim")
  void nonPositiveTimeoutIsOneTry() {
    try (EtcdFixture f = new EtcdFixture()) {
      CoordinationClient a = f.open("a");
      CoordinationClient x = f.open("x");
      LockLease held = x.locks().tryAcquire("busy").orElseThrow();
      assertThat(a.locks().acquire("busy", Duration.ZERO)).isEmpty();
      assertThat(a.locks().acquire("busy", Duration.ofSeconds(-1))).isEmpty();
      assertThat(f.exists(f.claimKey("busy", a))).isFalse();
      held.release();
      assertThat(a.locks().acquire("busy", Duration.ofSeconds(-1))).isPresent();
    }
  }

  @Test
  @DisplayName("interrupted on entry or while waiting throws OperationInterruptedException, flag set, waiter gone")
  void interrupted() throws InterruptedException {
    try (EtcdFixture f = new EtcdFixture()) {
      CoordinationClient a = f.open("a");
      CoordinationClient x = f.open("x");
      CoordinationClient c = f.open("c");
      LockLease held = x.locks().tryAcquire("busy").orElseThrow();

      for (Duration timeout : new Duration[] {TestTiming.seconds(5), Duration.ZERO}) {
        Thread.currentThread().interrupt();
        try {
          assertThatThrownBy(() -> a.locks().acquire("busy", timeout)).as("timeout " + timeout)
              .isInstanceOf(OperationInterruptedException.class);
        } finally {
          assertThat(Thread.interrupted()).as("interrupt flag kept (and cleared here)").isTrue();
        }
      }
      assertThat(f.exists(f.claimKey("busy", a))).isFalse();

      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicBoolean flagKept = new AtomicBoolean();
      Thread waiter = new Thread(() -> {
        try {
          a.locks().acquire("busy", TestTiming.seconds(30));
        } catch (RuntimeException e) {
          thrown.set(e);
          flagKept.set(Thread.currentThread().isInterrupted());
        }
      });
      waiter.start();
      String claim = f.claimKey("busy", a);
      Awaitility.await().atMost(TestTiming.seconds(10)).until(() -> f.exists(claim) || thrown.get() != null);
      assertThat(thrown.get()).as("the waiter is still waiting").isNull();
      waiter.interrupt();
      waiter.join(TestTiming.seconds(10).toMillis());
      assertThat(thrown.get()).isInstanceOf(OperationInterruptedException.class);
      assertThat(flagKept).isTrue();
      Awaitility.await().atMost(TestTiming.seconds(10)).until(() -> !f.exists(claim));
      held.release();
      assertThat(c.locks().tryAcquire("busy")).as("nobody left queued ahead").isPresent();
    }
  }
}
