package io.metastate.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.CoordinationException;
import io.metastate.error.InvalidPathException;
import io.metastate.error.LockAlreadyHeldException;
import io.metastate.lock.DistributedLockService;
import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Locks: grants, contention as a value, release, timeouts, recursion, query, list and force-release. */
public abstract class LockContract extends Contract {

  @Nested
  @DisplayName("granting and releasing")
  class Granting {
    @Test
    @DisplayName("tryAcquire grants a free lock with its name, owner id, session id, a positive token, and HELD state")
    @Verifies({"LOCK-18", "LEASE-2", "LEASE-3", "SESSION-10"})
    void grant() {
      CoordinationClient a = kit.open();
      LockLease lease = a.locks().tryAcquire(kit.lock("l")).orElseThrow();
      assertThat(lease.name()).isEqualTo(kit.lock("l"));
      assertThat(lease.ownerId()).isEqualTo(a.session().ownerId());
      assertThat(lease.sessionId()).isEqualTo(a.session().id());
      assertThat(lease.token().value()).isPositive();
      assertThat(lease.state()).isEqualTo(LeaseState.HELD);
      assertThat(lease.isHeld()).isTrue();
    }

    @Test
    @DisplayName("contention is a value: tryAcquire of a lock another session holds returns empty")
    @Verifies({"LOCK-7", "LOCK-1"})
    void contention() {
      List<CoordinationClient> c = kit.open(2);
      LockLease held = c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
      assertThat(c.get(1).locks().tryAcquire(kit.lock("l"))).isEmpty();
      assertThat(c.get(1).locks().acquire(kit.lock("l"), Duration.ZERO)).isEmpty();
      assertThat(held.isHeld()).isTrue();
    }

    @Test
    @DisplayName("acquire with a zero or negative timeout is one try, like tryAcquire: empty if held, a lease if free")
    @Verifies("LOCK-8")
    void nonPositiveTimeout() {
      List<CoordinationClient> c = kit.open(2);
      c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
      for (Duration timeout : List.of(Duration.ZERO, Duration.ofNanos(-1), Duration.ofMillis(-1), Duration.ofDays(-365))) {
        assertThat(c.get(1).locks().acquire(kit.lock("l"), timeout)).as("held lock, timeout %s", timeout).isEmpty();
        LockLease free = c.get(1).locks().acquire(kit.lock("free"), timeout).orElseThrow();
        free.release();
      }
    }

    @Test
    @DisplayName("release frees the lock, moves the lease to RELEASED, tells its listener, and is idempotent")
    @Verifies({"LEASE-9", "LEASE-10", "LEASE-11", "LEASE-5"})
    void release() {
      List<CoordinationClient> c = kit.open(2);
      LockLease lease = c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
      Transitions events = new Transitions();
      lease.addListener(events);
      lease.release();
      lease.release();
      lease.close();
      assertThat(lease.state()).isEqualTo(LeaseState.RELEASED);
      kit.await().until(() -> events.contains("HELD->RELEASED"));
      assertThat(events.seen()).containsExactly("HELD->RELEASED");
      assertThat(c.get(1).locks().query(kit.lock("l"))).isEmpty();
      assertThat(c.get(1).locks().tryAcquire(kit.lock("l"))).isPresent();
    }

    @Test
    @DisplayName("try-with-resources releases the lease")
    @Verifies("LEASE-12")
    void autoClose() {
      List<CoordinationClient> c = kit.open(2);
      try (LockLease lease = c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow()) {
        assertThat(lease.isHeld()).isTrue();
      }
      assertThat(c.get(1).locks().tryAcquire(kit.lock("l"))).isPresent();
    }

    @Test
    @DisplayName("locks of different names are independent")
    @Verifies("LOCK-1")
    void independentNames() {
      List<CoordinationClient> c = kit.open(2);
      c.get(0).locks().tryAcquire(kit.lock("a")).orElseThrow();
      assertThat(c.get(1).locks().tryAcquire(kit.lock("b"))).isPresent();
      assertThat(c.get(1).locks().tryAcquire(kit.lock("a/b"))).isPresent();
      assertThat(c.get(1).locks().tryAcquire(kit.lock("A"))).as("a name that differs only by case").isPresent();
      assertThat(c.get(1).locks().tryAcquire(kit.lock("ab"))).as("a name that extends another").isPresent();
    }

    @Test
    @DisplayName("a malformed lock name is rejected with InvalidPathException naming it, and nothing is locked")
    @Verifies("LIMIT-1")
    void badNames() {
      DistributedLockService locks = kit.open().locks();
      String tooLong = "x".repeat(257);
      for (String bad : new String[] {"", "/a", "a/", "a//b", "a/../b", "./a", "has space", "semi;colon", tooLong}) {
        assertThatThrownBy(() -> locks.tryAcquire(bad)).as("tryAcquire(\"%s\")", bad)
            .isInstanceOf(InvalidPathException.class);
        assertThatThrownBy(() -> locks.acquire(bad, Duration.ofMillis(10))).as("acquire(\"%s\")", bad)
            .isInstanceOf(InvalidPathException.class);
      }
      assertThatThrownBy(() -> locks.acquireAsync("a//b")).isInstanceOf(InvalidPathException.class)
          .hasMessageContaining("a//b");
      assertThatThrownBy(() -> locks.query("a//b")).isInstanceOf(InvalidPathException.class);
      assertThatThrownBy(() -> locks.forceRelease("a/")).isInstanceOf(InvalidPathException.class);
      assertThatThrownBy(() -> locks.tryAcquire(null)).isInstanceOf(InvalidPathException.class);
      // The edges that are valid: one character, exactly 256, every allowed character.
      assertThat(locks.tryAcquire("x".repeat(256))).isPresent().get().satisfies(LockLease::release);
      String allowed = kit.lock("Az09._:-/x");
      assertThat(locks.tryAcquire(allowed)).isPresent().get().satisfies(LockLease::release);
      assertThat(locks.list("")).noneMatch(i -> i.sessionId() == locks.session().id());
    }
  }

  @Nested
  @DisplayName("mutual exclusion")
  class MutualExclusion {
    @Test
    @DisplayName("6 clients taking one lock 20 times each: never two holders, an exact count, tokens growing in grant order")
    @Verifies({"LOCK-1", "LOCK-19"})
    void fuzz() throws Exception {
      int clients = 6;
      int rounds = 20;
      List<CoordinationClient> c = kit.open(clients);
      java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
      java.util.concurrent.atomic.AtomicInteger overlaps = new java.util.concurrent.atomic.AtomicInteger();
      List<Long> grantOrder = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
      // Read and written in two steps: atomic visibility, but not an atomic increment, so only the lock protects it.
      java.util.concurrent.atomic.AtomicLong unguarded = new java.util.concurrent.atomic.AtomicLong();
      try (Workers w = Workers.start(clients, id -> {
        java.util.Random random = new java.util.Random(id);
        for (int done = 0; done < rounds; ) {
          Optional<LockLease> lease = random.nextInt(3) == 0 ? c.get(id).locks().tryAcquire(kit.lock("l"))
              : c.get(id).locks().acquire(kit.lock("l"), kit.timeout());
          if (lease.isEmpty()) {
            continue;
          }
          try (LockLease held = lease.get()) {
            if (inside.incrementAndGet() != 1) {
              overlaps.incrementAndGet();
            }
            grantOrder.add(held.token().value());
            long read = unguarded.get();
            Thread.yield(); // widen the window in which a second holder would lose this update
            unguarded.set(read + 1);
            inside.decrementAndGet();
          }
          done++;
        }
      })) {
        w.join(kit.timeout().multipliedBy(6));
      }
      assertThat(overlaps.get()).as("times a client entered while another held the lock").isZero();
      assertThat(unguarded.get()).as("increments made under the lock").isEqualTo((long) clients * rounds);
      assertThat(grantOrder).as("tokens in the order the holders entered").isSorted().doesNotHaveDuplicates();
    }
  }

  @Nested
  @DisplayName("waiting")
  class Waiting {
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

  @Nested
  @DisplayName("a session asking again for its own lock")
  class Recursive {
    @Test
    @DisplayName("fails at once with LockAlreadyHeldException from tryAcquire, acquire and acquireAsync, never deadlocks")
    @Verifies({"LOCK-2", "ERROR-3"})
    void recursive() throws Exception {
      CoordinationClient a = kit.open();
      LockLease lease = a.locks().tryAcquire(kit.lock("l")).orElseThrow();
      assertThatThrownBy(() -> a.locks().tryAcquire(kit.lock("l"))).isInstanceOf(LockAlreadyHeldException.class)
          .hasMessageContaining(kit.lock("l"));
      // Run the blocking form apart, so that a provider that deadlocks fails this test instead of hanging the kit.
      CompletableFuture<Object> blocking = CompletableFuture.supplyAsync(() -> {
        try {
          return a.locks().acquire(kit.lock("l"), Duration.ofMinutes(5));
        } catch (CoordinationException e) {
          return e;
        }
      });
      assertThat(blocking.get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS))
          .isInstanceOf(LockAlreadyHeldException.class);
      // acquireAsync throws it (not a failed future), like every other argument error of the lock service.
      assertThatThrownBy(() -> a.locks().acquireAsync(kit.lock("l"))).isInstanceOf(LockAlreadyHeldException.class);
      assertThat(lease.isHeld()).isTrue();
    }

    @Test
    @DisplayName("fails with LockAlreadyHeldException while its own acquireAsync is still waiting")
    @Verifies("LOCK-2")
    void recursiveWhileWaiting() {
      List<CoordinationClient> c = kit.open(2);
      c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
      CompletableFuture<LockLease> waiting = c.get(1).locks().acquireAsync(kit.lock("l"));
      assertThatThrownBy(() -> c.get(1).locks().tryAcquire(kit.lock("l"))).isInstanceOf(LockAlreadyHeldException.class);
      assertThat(waiting).isNotDone();
    }

    @Test
    @DisplayName("belongs to the session, not the thread: another thread of the session gets the error, and may release")
    @Verifies("LEASE-1")
    void perSession() throws Exception {
      CoordinationClient a = kit.open();
      LockLease lease = CompletableFuture.supplyAsync(() -> a.locks().tryAcquire(kit.lock("l")).orElseThrow())
          .get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS);
      assertThatThrownBy(() -> a.locks().tryAcquire(kit.lock("l"))).isInstanceOf(LockAlreadyHeldException.class);
      CompletableFuture.runAsync(lease::release).get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS);
      assertThat(lease.state()).isEqualTo(LeaseState.RELEASED);
      assertThat(kit.open().locks().tryAcquire(kit.lock("l"))).isPresent();
    }

    @Test
    @DisplayName("after a release the same session takes the lock again, with a higher token")
    @Verifies("LOCK-19")
    void reacquire() {
      CoordinationClient a = kit.open();
      LockLease first = a.locks().tryAcquire(kit.lock("l")).orElseThrow();
      first.release();
      LockLease second = a.locks().tryAcquire(kit.lock("l")).orElseThrow();
      assertThat(second.token()).isGreaterThan(first.token());
    }
  }

  @Nested
  @DisplayName("query, list and force-release")
  class Admin {
    @Test
    @DisplayName("query reports the holder's owner id, session id and token, and empty for a free lock")
    @Verifies({"LOCK-14", "SESSION-10"})
    void query() {
      List<CoordinationClient> c = kit.open(2);
      assertThat(c.get(1).locks().query(kit.lock("l"))).isEmpty();
      LockLease lease = c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
      LockInfo info = c.get(1).locks().query(kit.lock("l")).orElseThrow();
      assertThat(info).isEqualTo(new LockInfo(kit.lock("l"), c.get(0).session().ownerId(), c.get(0).session().id(),
          lease.token()));
      lease.release();
      assertThat(c.get(1).locks().query(kit.lock("l"))).isEmpty();
    }

    @Test
    @DisplayName("list returns the held locks under a prefix, sorted by name, and no others")
    @Verifies({"LOCK-15", "LIMIT-2"})
    void list() {
      List<CoordinationClient> c = kit.open(2);
      c.get(0).locks().tryAcquire(kit.lock("p/b")).orElseThrow();
      c.get(1).locks().tryAcquire(kit.lock("p/a")).orElseThrow();
      c.get(0).locks().tryAcquire(kit.lock("p/c/d")).orElseThrow();
      c.get(1).locks().tryAcquire(kit.lock("q")).orElseThrow();
      LockLease released = c.get(1).locks().tryAcquire(kit.lock("p/e")).orElseThrow();
      released.release();
      assertThat(c.get(0).locks().list(kit.lock("p/"))).extracting(LockInfo::name)
          .containsExactly(kit.lock("p/a"), kit.lock("p/b"), kit.lock("p/c/d"));
      assertThat(c.get(0).locks().list(kit.lock("p/"))).extracting(LockInfo::sessionId)
          .containsExactly(c.get(1).session().id(), c.get(0).session().id(), c.get(0).session().id());
      assertThat(c.get(0).locks().list("")).extracting(LockInfo::name)
          .contains(kit.lock("p/a"), kit.lock("p/b"), kit.lock("p/c/d"), kit.lock("q")).isSorted();
      // A prefix is a string prefix: without a trailing slash it also matches a longer segment ("pz").
      c.get(1).locks().tryAcquire(kit.lock("pz")).orElseThrow();
      assertThat(c.get(0).locks().list(kit.lock("p"))).extracting(LockInfo::name)
          .containsExactly(kit.lock("p/a"), kit.lock("p/b"), kit.lock("p/c/d"), kit.lock("pz"));
      assertThat(c.get(0).locks().list(kit.lock("p/"))).extracting(LockInfo::name).doesNotContain(kit.lock("pz"));
      assertThatThrownBy(() -> c.get(0).locks().list("a//")).isInstanceOf(InvalidPathException.class);
    }

    @Test
    @DisplayName("forceRelease removes the holder, whose lease goes LOST with its listener told; then others can lock")
    @Verifies({"LOCK-16", "LOCK-17", "LEASE-10"})
    void forceRelease() {
      List<CoordinationClient> c = kit.open(3);
      LockLease lease = c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
      Transitions events = new Transitions();
      lease.addListener(events);
      CompletableFuture<LockLease> waiter = c.get(2).locks().acquireAsync(kit.lock("l"));
      assertThat(c.get(1).locks().forceRelease(kit.lock("l"))).isTrue();
      kit.await().until(() -> lease.state() == LeaseState.LOST);
      kit.await().until(() -> events.contains("HELD->LOST"));
      LockLease next = waiter.orTimeout(kit.timeout().toMillis(), TimeUnit.MILLISECONDS).join();
      assertThat(next.token()).isGreaterThan(lease.token());
      assertThat(c.get(1).locks().forceRelease(kit.lock("free"))).isFalse();
      lease.release();
      assertThat(lease.state()).isEqualTo(LeaseState.LOST);
      assertThat(next.isHeld()).isTrue();
    }
  }

  @Nested
  @DisplayName("fencing tokens")
  class Tokens {
    @Test
    @DisplayName("strictly increase across grants of a name, from one session or many")
    @Verifies("LOCK-19")
    void increase() {
      List<CoordinationClient> c = kit.open(3);
      FencingToken last = null;
      for (int i = 0; i < 9; i++) {
        LockLease lease = c.get(i % 3).locks().tryAcquire(kit.lock("l")).orElseThrow();
        if (last != null) {
          assertThat(lease.token()).isGreaterThan(last);
        }
        last = lease.token();
        lease.release();
      }
    }

    @Test
    @DisplayName("keep increasing after the holder's session expires")
    @Requires(Capability.EXPIRE_SESSION)
    @Verifies("LOCK-19")
    void afterExpiry() {
      List<CoordinationClient> c = kit.open(2);
      LockLease lost = c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
      kit.expire(c.get(0));
      LockLease next = c.get(1).locks().acquire(kit.lock("l"), kit.expiryTimeout(c.get(0))).orElseThrow();
      assertThat(next.token()).isGreaterThan(lost.token());
    }

    @Test
    @DisplayName("keep increasing across a backend restart")
    @Requires(Capability.RESTART_BACKEND)
    @Verifies("LOCK-19")
    void afterRestart() {
      CoordinationClient before = kit.open();
      LockLease held = before.locks().tryAcquire(kit.lock("held")).orElseThrow();
      LockLease released = before.locks().tryAcquire(kit.lock("released")).orElseThrow();
      released.release();
      kit.restartBackend();
      CoordinationClient after = kit.open();
      LockLease again = after.locks().acquire(kit.lock("released"), kit.expiryTimeout(before)).orElseThrow();
      assertThat(again.token()).isGreaterThan(released.token());
      // The held lock comes back to its session if it survived the restart, or is free once the session expired.
      kit.await(kit.expiryTimeout(before)).until(() -> before.session().state().isTerminal() || held.isHeld());
      if (held.isHeld()) {
        try {
          held.release();
        } catch (io.metastate.error.ConnectionLossException e) {
          before.close(); // the release may not have reached the backend; ending the session frees the lock for sure
        }
      }
      LockLease retaken = after.locks().acquire(kit.lock("held"), kit.expiryTimeout(before)).orElseThrow();
      assertThat(retaken.token()).isGreaterThan(held.token());
    }
  }
}
