package io.metastate.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Locks, waiting: blocking and async acquires, timeouts, cancellation, FIFO order, wake-up by notification. */
public abstract class LockWaitingContract extends Contract {
  @Test
  @DisplayName("acquire with a timeout gets the lock when the holder releases it")
  @Verifies({"LEASE-9", "LOCK-19"})
  void acquireWaits() throws Exception {
    List<CoordinationClient> c = kit.open(2);
    LockLease held = c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
    CompletableFuture<Optional<LockLease>> waiter =
        CompletableFuture.supplyAsync(() -> c.get(1).locks().acquire(kit.lock("l"), kit.timeout()));
    held.release();
    LockLease got = waiter.get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS).orElseThrow();
    assertThat(got.sessionId()).isEqualTo(c.get(1).session().id());
    assertThat(got.token()).isGreaterThan(held.token());
  }

  @Test
  @DisplayName("acquire returns empty once its timeout passes, and withdraws its waiter: a later release goes to nobody")
  @Verifies("LOCK-6")
  void timeoutWithdraws() {
    List<CoordinationClient> c = kit.open(3);
    LockLease held = c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
    long start = System.nanoTime();
    assertThat(c.get(1).locks().acquire(kit.lock("l"), Duration.ofMillis(200))).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
    held.release();
    // The timed-out waiter left nothing queued ahead: a third session gets the lock straight away.
    LockLease third = c.get(2).locks().acquire(kit.lock("l"), kit.timeout()).orElseThrow();
    assertThat(c.get(2).locks().query(kit.lock("l"))).map(LockInfo::sessionId).contains(c.get(2).session().id());
    assertThat(third.isHeld()).isTrue();
  }

  @Test
  @DisplayName("acquireAsync completes at once for a free lock and when the holder releases a held one")
  @Verifies({"LOCK-11", "LOCK-19"})
  void async() throws Exception {
    List<CoordinationClient> c = kit.open(2);
    LockLease first = c.get(0).locks().acquireAsync(kit.lock("l")).get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS);
    CompletableFuture<LockLease> second = c.get(1).locks().acquireAsync(kit.lock("l"));
    assertThat(second).isNotDone();
    first.release();
    LockLease got = second.get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS);
    assertThat(got.sessionId()).isEqualTo(c.get(1).session().id());
    assertThat(got.token()).isGreaterThan(first.token());
  }

  @Test
  @DisplayName("cancelling a pending acquireAsync withdraws the waiter: the lock goes to the next one")
  @Verifies("LOCK-6")
  void cancel() throws Exception {
    List<CoordinationClient> c = kit.open(3);
    LockLease held = c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
    CompletableFuture<LockLease> cancelled = c.get(1).locks().acquireAsync(kit.lock("l"));
    CompletableFuture<LockLease> next = c.get(2).locks().acquireAsync(kit.lock("l"));
    assertThat(cancelled.cancel(true)).isTrue();
    held.release();
    LockLease got = next.get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS);
    assertThat(got.sessionId()).isEqualTo(c.get(2).session().id());
    assertThat(c.get(0).locks().query(kit.lock("l"))).map(LockInfo::sessionId).contains(c.get(2).session().id());
    // The cancelled session holds nothing and may ask again.
    got.release();
    assertThat(c.get(1).locks().tryAcquire(kit.lock("l"))).isPresent();
  }

  @Test
  @DisplayName("waiters are granted first come, first served (in the order their acquireAsync calls returned)")
  @Verifies("LOCK-3")
  void fifo() throws Exception {
    List<CoordinationClient> c = kit.open(5);
    LockLease held = c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
    List<CompletableFuture<LockLease>> waiters = new java.util.ArrayList<>();
    for (int i = 1; i < c.size(); i++) {
      waiters.add(c.get(i).locks().acquireAsync(kit.lock("l")));
    }
    LockLease current = held;
    for (int i = 0; i < waiters.size(); i++) {
      current.release();
      current = waiters.get(i).get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS);
      assertThat(current.sessionId()).as("grant %d goes to waiter %d", i + 1, i + 1)
          .isEqualTo(c.get(i + 1).session().id());
      for (int later = i + 1; later < waiters.size(); later++) {
        assertThat(waiters.get(later)).as("waiter %d still waits", later + 1).isNotDone();
      }
    }
  }

  @Test
  @DisplayName("a waiter is woken by notification, not polling: median handoff after release under 250 ms (scaled)")
  @Verifies("LOCK-4")
  void noPolling() throws Exception {
    List<CoordinationClient> c = kit.open(2);
    long[] handoffs = new long[5];
    for (int round = 0; round < handoffs.length; round++) {
      LockLease held = c.get(round % 2).locks().tryAcquire(kit.lock("l")).orElseThrow();
      CompletableFuture<LockLease> waiter = c.get((round + 1) % 2).locks().acquireAsync(kit.lock("l"));
      CompletableFuture<Long> grantedAt = waiter.thenApply(l -> System.nanoTime());
      long releasedAt = System.nanoTime();
      held.release();
      handoffs[round] = grantedAt.get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS) - releasedAt;
      waiter.get().release();
    }
    java.util.Arrays.sort(handoffs);
    assertThat(Duration.ofNanos(handoffs[handoffs.length / 2])).as("median handoff of %s ns",
        java.util.Arrays.toString(handoffs)).isLessThan(Timing.millis(250));
  }

  @Test
  @DisplayName("a pending acquireAsync completes exceptionally when its client closes")
  @Verifies("LOCK-12")
  void waiterOfClosedClient() {
    List<CoordinationClient> c = kit.open(2);
    c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
    CompletableFuture<LockLease> waiter = c.get(1).locks().acquireAsync(kit.lock("l"));
    c.get(1).close();
    kit.await().until(waiter::isDone);
    assertThat(waiter).isCompletedExceptionally();
  }
}
