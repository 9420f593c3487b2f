package io.metastate.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.error.ClientClosedException;
import io.metastate.error.SessionExpiredException;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The lock rules that the provider-support layer makes uniform, beyond {@link AcquireRulesContract} and
 * {@link SessionEndContract}: one try with the interrupt flag set, interrupts and cancellations that race a grant, and
 * the lease outcomes of a session's end: closing is the holder letting go (RELEASED), expiry takes the locks away
 * (LOST).
 */
public abstract class LockRulesContract extends Contract {
  private static final int ROUNDS = 12;

  @Nested
  @DisplayName("one try with the interrupt flag set")
  class FlaggedTry {
    @Test
    @DisplayName("tryAcquire, and acquire with a zero or negative timeout, throw OperationInterruptedException, keep the flag, and take or queue nothing")
    @Verifies({"LOCK-8", "LOCK-9"})
    void flaggedTry() {
      List<CoordinationClient> c = kit.open(3);
      LockLease held = c.get(0).locks().tryAcquire(kit.lock("held")).orElseThrow();
      for (String name : List.of("free", "held")) {
        for (Duration timeout : List.of(Duration.ZERO, Duration.ofMillis(-1))) {
          CallerThread.Outcome<Optional<LockLease>> outcome = CallerThread.start("flagged-" + name, true,
              () -> c.get(1).locks().acquire(kit.lock(name), timeout)).outcome(kit.timeout());
          outcome.assertInterrupted("acquire(" + name + " lock, " + timeout + ") with the flag set");
        }
        CallerThread.Outcome<Optional<LockLease>> outcome = CallerThread.start("flagged-try-" + name, true,
            () -> c.get(1).locks().tryAcquire(kit.lock(name))).outcome(kit.timeout());
        outcome.assertInterrupted("tryAcquire(" + name + " lock) with the flag set");
      }
      assertThat(c.get(2).locks().tryAcquire(kit.lock("free"))).as("the free lock stays free").isPresent();
      held.release();
      assertThat(c.get(2).locks().tryAcquire(kit.lock("held"))).as("no waiter left ahead").isPresent();
    }
  }

  @Nested
  @DisplayName("a race with the grant")
  class Races {
    @Test
    @DisplayName("an interrupt as the lock is released either throws with nothing held or returns a lease its owner releases, round after round")
    @Verifies("LOCK-9")
    void interruptRacesGrant() throws Exception {
      race("interrupt", (racer, name, held, round) -> {
        CallerThread<Optional<LockLease>> waiter = CallerThread.start("racing-waiter", false,
            () -> racer.locks().acquire(name, kit.timeout().multipliedBy(6)));
        kit.await().alias("round " + round + ": the acquire parks").until(waiter::parkedOrDone);
        releaseWhile(held, () -> {
          waiter.interrupt();
          return null;
        });
        CallerThread.Outcome<Optional<LockLease>> outcome = waiter.outcome(kit.timeout());
        if (outcome.thrown() != null) {
          outcome.assertInterrupted("round " + round + ": the interrupted acquire");
        } else {
          releaseWon(outcome.value().orElseThrow(), round);
        }
      });
    }

    @Test
    @DisplayName("a cancel as the lock is released either withdraws with nothing held or leaves a lease its owner releases, round after round")
    @Verifies("LOCK-13")
    void cancelRacesGrant() throws Exception {
      race("cancel", (racer, name, held, round) -> {
        CompletableFuture<LockLease> waiter = racer.locks().acquireAsync(name);
        boolean mayInterrupt = round % 2 == 0;
        boolean cancelled = releaseWhile(held, () -> waiter.cancel(mayInterrupt));
        if (!cancelled) {
          assertThat(waiter.isDone()).as("round %d: a cancel that returned false left the future pending", round)
              .isTrue();
          releaseWon(waiter.get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS), round);
        }
      });
    }

    /** One round: {@code racer} asks for lock {@code name} while another session releases {@code held}. */
    private interface Race {
      void run(CoordinationClient racer, String name, LockLease held, int round) throws Exception;
    }

    /** Runs {@code race} round after round, each on a fresh lock; after each, no one may be left holding the lock. */
    private void race(String prefix, Race race) throws Exception {
      List<CoordinationClient> c = kit.open(3);
      for (int round = 0; round < ROUNDS; round++) {
        String name = kit.lock(prefix + round);
        race.run(c.get(1), name, c.get(0).locks().tryAcquire(name).orElseThrow(), round);
        assertNobodyHolds(c, name, round);
      }
    }

    /** Releases {@code held} on another thread while {@code race} runs on this one; returns what the race did. */
    private <T> T releaseWhile(LockLease held, Supplier<T> race) throws Exception {
      CompletableFuture<Void> releasing = CompletableFuture.runAsync(held::release);
      T raced = race.get();
      releasing.get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS);
      return raced;
    }

    /** The racer got the lock after all: its lease holds, and it lets go. */
    private void releaseWon(LockLease won, int round) {
      assertThat(won.isHeld()).as("round %d: the grant that won the race", round).isTrue();
      won.release();
    }

    /** The lock goes to a third session, and the racing session may ask for it again: no one is left holding it. */
    private void assertNobodyHolds(List<CoordinationClient> c, String name, int round) {
      LockLease third = c.get(2).locks().acquire(name, kit.timeout()).orElseThrow(() -> new AssertionError(
          "round " + round + ": the lock stayed held after the race, by a waiter nobody owns"));
      third.release();
      LockLease again = c.get(1).locks().acquire(name, kit.timeout()).orElseThrow();
      again.release();
    }
  }

  @Nested
  @DisplayName("the end of a session")
  class Endings {
    /** A session holding one lock and waiting for another, held by a second session. */
    private record Ending(CoordinationClient client, LockLease lease, Transitions told, LockLease other,
        CompletableFuture<LockLease> waiter) {}

    private Ending holdAndWait() {
      List<CoordinationClient> c = kit.open(2);
      LockLease lease = c.get(0).locks().tryAcquire(kit.lock("held")).orElseThrow();
      Transitions told = new Transitions();
      lease.addListener(told);
      LockLease other = c.get(1).locks().tryAcquire(kit.lock("awaited")).orElseThrow();
      return new Ending(c.get(0), lease, told, other, c.get(0).locks().acquireAsync(kit.lock("awaited")));
    }

    @Test
    @DisplayName("by close makes its leases RELEASED (told HELD to RELEASED) and fails its waiters with ClientClosedException")
    @Verifies({"SESSION-2", "LOCK-12"})
    void closed() {
      Ending e = holdAndWait();
      e.client().close();
      assertThat(e.lease().state()).as("a closed session's lease").isEqualTo(LeaseState.RELEASED);
      kit.await().until(() -> e.told().contains("HELD->RELEASED"));
      assertThat(e.told().seen()).containsExactly("HELD->RELEASED");
      assertThat(e.waiter()).failsWithin(kit.timeout()).withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(ClientClosedException.class);
      e.other().release();
    }

    @Test
    @DisplayName("by expiry makes its leases LOST (told last) and fails its waiters with SessionExpiredException")
    @Requires(Capability.EXPIRE_SESSION)
    @Verifies({"SESSION-20", "LOCK-12"})
    void expired() {
      Ending e = holdAndWait();
      kit.expire(e.client());
      Duration bound = kit.expiryTimeout(e.client());
      kit.await(bound).until(() -> e.lease().state() == LeaseState.LOST);
      kit.await().until(() -> e.told().seen().stream().anyMatch(s -> s.endsWith("->LOST")));
      assertThat(e.told().problems()).as("lease transitions %s", e.told().seen()).isEmpty();
      assertThat(e.told().seen()).as("told").last().asString().endsWith("->LOST");
      assertThat(e.told().seen()).as("told").noneMatch(s -> s.endsWith("->RELEASED"));
      assertThat(e.waiter()).failsWithin(bound).withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(SessionExpiredException.class);
      e.other().release();
    }
  }
}
