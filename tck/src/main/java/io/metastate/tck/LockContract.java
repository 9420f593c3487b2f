package io.metastate.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.InvalidPathException;
import io.metastate.lock.DistributedLockService;
import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
  class Waiting extends LockWaitingContract {}

  @Nested
  @DisplayName("a session asking again for its own lock")
  class Recursive extends LockRecursionContract {}

  @Nested
  @DisplayName("query, list and force-release")
  class Admin extends LockAdminContract {}

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
