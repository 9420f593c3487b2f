package io.metastate.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Locks at their edges: a waiter against a third session's tryAcquire, a cancel racing a grant, a waiter whose session
 * expires, and lease listeners added twice, removed, or added after the lease ended.
 */
public abstract class LockEdgeContract extends Contract {

  @Nested
  @DisplayName("waiters")
  class Waiters {
    @Test
    @DisplayName("a lock released while another session waits goes to that waiter: a third session's tryAcquire gets nothing")
    @Verifies("LOCK-5")
    void noBarging() throws Exception {
      List<CoordinationClient> c = kit.open(3);
      LockLease held = c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
      CompletableFuture<LockLease> waiter = c.get(1).locks().acquireAsync(kit.lock("l"));
      assertThat(c.get(2).locks().tryAcquire(kit.lock("l"))).as("tryAcquire while a waiter is queued").isEmpty();
      held.release();
      assertThat(c.get(2).locks().tryAcquire(kit.lock("l"))).as("tryAcquire right after the release").isEmpty();
      LockLease got = waiter.get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS);
      assertThat(got.sessionId()).isEqualTo(c.get(1).session().id());
    }

    @Test
    @DisplayName("a cancel that races the grant never leaves the lock held: when cancel returns true, the lock ends up free")
    @Verifies("LOCK-13")
    void cancelRacesGrant() throws Exception {
      List<CoordinationClient> c = kit.open(3);
      for (int round = 0; round < 15; round++) {
        String name = kit.lock("race" + round);
        LockLease held = c.get(0).locks().tryAcquire(name).orElseThrow();
        CompletableFuture<LockLease> waiter = c.get(1).locks().acquireAsync(name);
        CompletableFuture<Void> releasing = CompletableFuture.runAsync(held::release);
        if (round % 3 == 0) {
          releasing.get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS); // sometimes let the grant win
        }
        boolean cancelled = waiter.cancel(true);
        releasing.get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS);
        if (cancelled) {
          kit.await().alias("round " + round + ": the cancelled waiter's lock is free again")
              .until(() -> c.get(2).locks().query(name).isEmpty());
          assertThat(c.get(2).locks().tryAcquire(name)).as("round %d", round).isPresent();
        } else {
          assertThat(waiter.join().isHeld()).as("round %d: the grant that won the race", round).isTrue();
        }
      }
    }

    @Test
    @DisplayName("a waiter whose session expires fails: acquire throws SessionExpiredException, acquireAsync completes exceptionally")
    @Requires(Capability.EXPIRE_SESSION)
    @Verifies({"LOCK-10", "LOCK-12"})
    void waiterOfExpiredSession() throws Exception {
      List<CoordinationClient> c = kit.open(4);
      LockLease held = c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
      CompletableFuture<Object> blocking = CompletableFuture.supplyAsync(() -> {
        try {
          return c.get(1).locks().acquire(kit.lock("l"), Duration.ofMinutes(5));
        } catch (RuntimeException e) {
          return e;
        }
      });
      CompletableFuture<LockLease> async = c.get(2).locks().acquireAsync(kit.lock("l"));
      kit.expire(c.get(1));
      kit.expire(c.get(2));
      assertThat(blocking.get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS))
          .isInstanceOf(io.metastate.error.SessionExpiredException.class);
      kit.await().until(async::isDone);
      assertThat(async).isCompletedExceptionally();
      // Neither dead waiter stands in the way: the holder's release goes to a live session.
      CompletableFuture<LockLease> live = c.get(3).locks().acquireAsync(kit.lock("l"));
      held.release();
      assertThat(live.get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS).sessionId()).isEqualTo(c.get(3).session().id());
    }
  }

  @Nested
  @DisplayName("a lease listener")
  class LeaseListeners {
    @Test
    @DisplayName("added twice is told each change once; removed, it is told nothing")
    @Verifies({"LEASE-7", "LEASE-8"})
    void addTwiceAndRemove() {
      LockLease lease = kit.open().locks().tryAcquire(kit.lock("l")).orElseThrow();
      Transitions twice = new Transitions();
      Transitions removed = new Transitions();
      Transitions witness = new Transitions();
      lease.addListener(twice);
      lease.addListener(twice);
      lease.addListener(removed);
      lease.removeListener(removed);
      lease.addListener(witness);
      lease.release();
      kit.await().until(() -> witness.contains("HELD->RELEASED"));
      assertThat(twice.seen()).containsExactly("HELD->RELEASED");
      assertThat(removed.seen()).isEmpty();
    }

    @Test
    @DisplayName("added to a terminal lease is never called, and the lease stays terminal when its lock and client move on")
    @Verifies({"LEASE-6", "LEASE-13"})
    void terminal() {
      List<CoordinationClient> c = kit.open(2);
      LockLease lease = c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
      Transitions early = new Transitions();
      lease.addListener(early);
      lease.release();
      kit.await().until(() -> early.contains("HELD->RELEASED"));
      Transitions late = new Transitions();
      lease.addListener(late);
      LockLease next = c.get(1).locks().tryAcquire(kit.lock("l")).orElseThrow();
      assertThat(c.get(1).locks().forceRelease(kit.lock("l"))).isTrue();
      kit.await().until(() -> next.state() == LeaseState.LOST);
      Transitions closed = new Transitions();
      c.get(0).session().addListener(closed);
      c.get(0).close();
      // Lease and session events of a client share its event thread: once CLOSED is told, nothing else is pending.
      kit.await().until(() -> closed.contains("CONNECTED->CLOSED"));
      assertThat(lease.state()).isEqualTo(LeaseState.RELEASED);
      assertThat(late.seen()).isEmpty();
      assertThat(early.seen()).containsExactly("HELD->RELEASED");
    }
  }
}
