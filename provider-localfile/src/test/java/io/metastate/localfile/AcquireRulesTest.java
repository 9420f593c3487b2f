package io.metastate.localfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.metastate.CoordinationClient;
import io.metastate.error.LockAlreadyHeldException;
import io.metastate.error.OperationInterruptedException;
import io.metastate.lock.LockLease;
import io.metastate.testing.TestTiming;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acquire rules every provider shares (DistributedLockService#acquire): a timeout of zero or less is exactly one
 * try; an interrupted acquire withdraws its waiter, keeps the interrupt flag and throws OperationInterruptedException.
 */
@DisplayName("local-file acquire: timeouts and interrupts")
class AcquireRulesTest {
  @TempDir Path dir;
  Clients clients;
  CoordinationClient holder;
  CoordinationClient waiter;

  @BeforeEach
  void open() {
    clients = new Clients(dir);
    holder = clients.open();
    waiter = clients.open();
  }

  @AfterEach
  void close() {
    Thread.interrupted();
    clients.close();
  }

  private int waiting(String name) {
    return ((LocalClient) holder).store().locks().waiting(name);
  }

  @Test
  @DisplayName("a zero or negative timeout is one try: granted when free, empty at once when taken, no waiter left")
  void nonPositiveTimeoutIsOneTry() {
    for (Duration timeout : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1)}) {
      String name = "try" + timeout.getSeconds();
      try (LockLease lease = holder.locks().acquire(name, timeout).orElseThrow()) {
        assertThat(waiter.locks().acquire(name, timeout)).isEmpty();
        assertThat(waiting(name)).isZero();
        assertThatThrownBy(() -> holder.locks().acquire(name, timeout)).isInstanceOf(LockAlreadyHeldException.class);
        assertThat(lease.state().isTerminal()).isFalse();
      }
    }
  }

  @Test
  @DisplayName("a zero timeout with the interrupt flag set is exactly tryAcquire: it throws as on every provider, keeps the flag, takes nothing")
  void zeroTimeoutWithTheFlagThrowsLikeTryAcquire() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> holder.locks().acquire("flagged", Duration.ZERO))
          .isInstanceOf(OperationInterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThatThrownBy(() -> holder.locks().tryAcquire("flagged")).isInstanceOf(OperationInterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(waiter.locks().tryAcquire("flagged")).as("nothing held").isPresent();
  }

  @Test
  @DisplayName("interrupted on entry: OperationInterruptedException, flag still set, nothing held or queued")
  void interruptedOnEntry() {
    LockLease held = holder.locks().tryAcquire("busy").orElseThrow();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> waiter.locks().acquire("busy", Duration.ofMinutes(1)))
        .isInstanceOf(OperationInterruptedException.class).hasMessageContaining("busy");
    assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
    assertThat(waiting("busy")).isZero();

    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> waiter.locks().acquire("free", Duration.ofMinutes(1)))
        .isInstanceOf(OperationInterruptedException.class);
    assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
    assertThat(holder.locks().query("free")).as("no grant kept for an interrupted acquire").isEmpty();
    held.release();
  }

  @Test
  @DisplayName("interrupted while waiting: OperationInterruptedException, flag set, the waiter withdrawn for others")
  void interruptedWhileWaiting() throws Exception {
    LockLease held = holder.locks().tryAcquire("queue").orElseThrow();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean flagKept = new AtomicBoolean();
    Thread blocked = new Thread(() -> {
      try {
        waiter.locks().acquire("queue", Duration.ofMinutes(1));
      } catch (RuntimeException e) {
        thrown.set(e);
        flagKept.set(Thread.currentThread().isInterrupted());
      }
    }, "blocked-acquire");
    blocked.start();
    await().atMost(TestTiming.waitLimit()).until(() -> waiting("queue") == 1);
    blocked.interrupt();
    blocked.join(TestTiming.waitLimit().toMillis());
    assertThat(thrown.get()).isInstanceOf(OperationInterruptedException.class);
    assertThat(flagKept).as("interrupt flag kept").isTrue();
    assertThat(waiting("queue")).isZero();

    CoordinationClient third = clients.open();
    CompletableFuture<LockLease> next = third.locks().acquireAsync("queue");
    held.release();
    LockLease granted = next.get(TestTiming.waitLimit().toMillis(), TimeUnit.MILLISECONDS);
    assertThat(granted.sessionId()).isEqualTo(third.session().id());
    assertThat(waiter.locks().query("queue").orElseThrow().sessionId()).isEqualTo(third.session().id());
    granted.release();
  }
}
