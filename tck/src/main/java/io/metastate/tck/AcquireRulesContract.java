package io.metastate.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.error.OperationInterruptedException;
import io.metastate.lock.LockLease;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rule of {@link io.metastate.lock.DistributedLockService#acquire}: a timeout of zero or less is exactly one try,
 * and an interrupted acquire withdraws its waiter, keeps the interrupt flag set and throws
 * {@link OperationInterruptedException}, on every provider.
 */
public abstract class AcquireRulesContract extends Contract {
  private static final List<Duration> NOT_POSITIVE = List.of(Duration.ZERO, Duration.ofMillis(-1), Duration.ofDays(-1));

  @Nested
  @DisplayName("a timeout of zero or less")
  class NoWait {
    @Test
    @DisplayName("grants a free lock at once, as tryAcquire does")
    @Verifies("FAULT-10")
    void free() {
      CoordinationClient a = kit.open();
      for (Duration timeout : NOT_POSITIVE) {
        CallerThread<Optional<LockLease>> call =
            CallerThread.start("acquire-" + timeout, false, () -> a.locks().acquire(kit.lock("l"), timeout));
        CallerThread.Outcome<Optional<LockLease>> outcome = call.outcome(kit.timeout());
        assertThat(outcome.thrown()).as("acquire(free lock, %s) threw", timeout).isNull();
        Optional<LockLease> lease = outcome.value();
        assertThat(lease).as("acquire(free lock, %s)", timeout).isPresent();
        assertThat(lease.get().isHeld()).isTrue();
        lease.get().release();
      }
    }

    @Test
    @DisplayName("returns empty at once for a held lock and leaves no waiter: the session may ask again, and the lock goes to the next session once released")
    @Verifies("FAULT-11")
    void held() {
      List<CoordinationClient> c = kit.open(3);
      for (Duration timeout : NOT_POSITIVE) {
        LockLease held = c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
        CallerThread<Optional<LockLease>> call =
            CallerThread.start("acquire-" + timeout, false, () -> c.get(1).locks().acquire(kit.lock("l"), timeout));
        CallerThread.Outcome<Optional<LockLease>> outcome = call.outcome(kit.timeout());
        assertThat(outcome.thrown()).as("acquire(held lock, %s) threw", timeout).isNull();
        assertThat(outcome.value()).as("acquire(held lock, %s)", timeout).isEmpty();
        // A waiter left behind would make this a recursive request (LockAlreadyHeldException)...
        assertThat(c.get(1).locks().tryAcquire(kit.lock("l"))).isEmpty();
        held.release();
        // ...or would be granted the freed lock ahead of a third session's one try.
        LockLease third = c.get(2).locks().tryAcquire(kit.lock("l")).orElseThrow(() -> new AssertionError(
            "the lock released after acquire(" + timeout + ") went to someone else: a waiter was left behind"));
        third.release();
      }
    }
  }

  @Nested
  @DisplayName("an interrupted acquire")
  class Interrupted {
    @Test
    @DisplayName("with the flag set on entry throws OperationInterruptedException, keeps the flag, and takes no lock, free or held")
    @Verifies({"FAULT-12", "LOCK-9"})
    void onEntry() {
      List<CoordinationClient> c = kit.open(3);
      LockLease held = c.get(0).locks().tryAcquire(kit.lock("held")).orElseThrow();
      for (String name : List.of("free", "held")) {
        CallerThread.Outcome<Optional<LockLease>> outcome = CallerThread.start("interrupted-" + name, true,
            () -> c.get(1).locks().acquire(kit.lock(name), kit.timeout())).outcome(kit.timeout());
        outcome.assertInterrupted("acquire(" + name + " lock) with the interrupt flag set");
      }
      assertThat(c.get(2).locks().tryAcquire(kit.lock("free"))).as("the free lock stays free").isPresent();
      held.release();
      assertThat(c.get(2).locks().acquire(kit.lock("held"), kit.timeout())).as("no waiter left ahead").isPresent();
    }

    @Test
    @DisplayName("while it waits throws OperationInterruptedException, keeps the flag, and withdraws its waiter")
    @Verifies({"FAULT-13", "LOCK-9"})
    void whileWaiting() {
      List<CoordinationClient> c = kit.open(3);
      LockLease held = c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
      CallerThread<Optional<LockLease>> waiter = CallerThread.start("interrupted-waiter", false,
          () -> c.get(1).locks().acquire(kit.lock("l"), kit.timeout().multipliedBy(6)));
      kit.await().alias("the acquire parks").until(waiter::parkedOrDone);
      waiter.interrupt();
      CallerThread.Outcome<Optional<LockLease>> outcome = waiter.outcome(kit.timeout());
      outcome.assertInterrupted("acquire interrupted while waiting");
      held.release();
      // The interrupted waiter is gone: the freed lock goes to the next session, and its session may ask again.
      LockLease next = c.get(2).locks().acquire(kit.lock("l"), kit.timeout()).orElseThrow();
      assertThat(next.sessionId()).isEqualTo(c.get(2).session().id());
      next.release();
      assertThat(c.get(1).locks().acquire(kit.lock("l"), kit.timeout())).isPresent();
    }
  }
}
