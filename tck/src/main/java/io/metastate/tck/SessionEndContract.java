package io.metastate.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import io.metastate.state.CreateMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every way a session ends (its client closed, expired by the backend, cut off past its TTL), and an admin
 * force-release, against every handle that must notice: a lease's holder, a waiter, a session or lease listener.
 * Nothing hangs, everyone is told exactly once, and what a session held goes to others.
 */
public abstract class SessionEndContract extends Contract {

  /**
   * How a session ends. One test method per way (not a parameterized test): its capability skips it by name, and
   * filters by display name see it before it runs.
   */
  private enum Ending {
    CLOSE(SessionState.CLOSED),
    EXPIRY(SessionState.EXPIRED),
    CUT_OFF_PAST_TTL(SessionState.EXPIRED);

    final SessionState terminal;

    Ending(SessionState terminal) {
      this.terminal = terminal;
    }
  }

  /** Ends {@code c}'s session and waits until it reads terminal. */
  private void end(CoordinationClient c, Ending ending) {
    switch (ending) {
      case CLOSE -> c.close();
      case EXPIRY -> kit.expire(c);
      case CUT_OFF_PAST_TTL -> {
        kit.disconnect(c);
        kit.awaitState(c, SessionState.EXPIRED, kit.expiryTimeout(c));
      }
    }
    assertThat(c.session().state()).isEqualTo(ending.terminal);
  }

  private static long count(List<String> seen, String suffix) {
    return seen.stream().filter(s -> s.endsWith(suffix)).count();
  }

  @Nested
  @DisplayName("a holder")
  class Holder {
    @Test
    @DisplayName("loses its lease (told once, in order), and the lock goes to the session waiting for it, when its client is closed")
    @Verifies("FAULT-22")
    void holderClientClosed() throws Exception {
      holder(Ending.CLOSE);
    }

    @Test
    @DisplayName("loses its lease (told once, in order), and the lock goes to the session waiting for it, when the backend expires it")
    @Requires(Capability.EXPIRE_SESSION)
    @Verifies("FAULT-22")
    void holderExpired() throws Exception {
      holder(Ending.EXPIRY);
    }

    @Test
    @DisplayName("loses its lease (told once, in order), and the lock goes to the session waiting for it, when it is cut off past its TTL")
    @Requires(Capability.DISCONNECT_CLIENT)
    @Verifies("FAULT-22")
    void holderCutOffPastTtl() throws Exception {
      holder(Ending.CUT_OFF_PAST_TTL);
    }

    private void holder(Ending ending) throws Exception {
      List<CoordinationClient> c = kit.open(2);
      LockLease lease = c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
      Transitions told = new Transitions();
      lease.addListener(told);
      CompletableFuture<LockLease> waiter = c.get(1).locks().acquireAsync(kit.lock("l"));
      end(c.get(0), ending);
      LockLease next = waiter.get(kit.expiryTimeout(c.get(0)).toMillis(), TimeUnit.MILLISECONDS);
      assertThat(next.token()).isGreaterThan(lease.token());
      assertThat(lease.state()).isIn(LeaseState.RELEASED, LeaseState.LOST);
      if (ending != Ending.CLOSE) {
        assertThat(lease.state()).isEqualTo(LeaseState.LOST);
      }
      kit.await().until(() -> told.seen().stream().anyMatch(s -> s.endsWith("->" + lease.state())));
      assertThat(told.problems()).as("lease transitions %s", told.seen()).isEmpty();
      assertThat(count(told.seen(), "->LOST") + count(told.seen(), "->RELEASED"))
          .as("terminal transitions told in %s", told.seen()).isEqualTo(1);
    }

    @Test
    @DisplayName("force-released by an admin loses that lease (told once; a removed listener not) and nothing else: its session stays CONNECTED")
    @Verifies({"FAULT-23", "FAULT-26"})
    void forceReleased() throws Exception {
      List<CoordinationClient> c = kit.open(2);
      CoordinationClient holder = c.get(0);
      LockLease lease = holder.locks().tryAcquire(kit.lock("l")).orElseThrow();
      LockLease other = holder.locks().tryAcquire(kit.lock("other")).orElseThrow();
      String node = holder.state().create(kit.path("eph"), new byte[0], CreateMode.EPHEMERAL);
      Transitions told = new Transitions();
      Transitions sessionTold = new Transitions();
      Transitions removed = new Transitions();
      lease.addListener(removed);
      lease.addListener(told);
      lease.removeListener(removed);
      holder.session().addListener(sessionTold);
      CompletableFuture<LockLease> waiter = c.get(1).locks().acquireAsync(kit.lock("l"));
      assertThat(c.get(1).locks().forceRelease(kit.lock("l"))).isTrue();
      LockLease next = waiter.get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS);
      assertThat(next.token()).isGreaterThan(lease.token());
      kit.await().until(() -> lease.state() == LeaseState.LOST && told.contains("HELD->LOST"));
      assertThat(told.seen()).containsExactly("HELD->LOST");
      assertThat(removed.seen()).as("told after removeListener").isEmpty();
      // A force-release ends one lease, not the session: its other lock and its ephemeral node stay.
      assertThat(holder.session().state()).isEqualTo(SessionState.CONNECTED);
      assertThat(other.isHeld()).isTrue();
      assertThat(c.get(1).state().exists(node)).isPresent();
      assertThat(c.get(1).locks().query(kit.lock("other")).orElseThrow().sessionId()).isEqualTo(holder.session().id());
      assertThat(sessionTold.seen()).as("session transitions").isEmpty();
      // The session may take the lock again after the new holder lets go.
      next.release();
      assertThat(holder.locks().acquire(kit.lock("l"), kit.timeout())).isPresent();
    }
  }

  @Nested
  @DisplayName("a waiter")
  class Waiter {
    @Test
    @DisplayName("of acquireAsync and of a blocking acquire ends without a lease, never hangs, and leaves nothing queued, when its client is closed")
    @Verifies("FAULT-24")
    void waiterClientClosed() throws Exception {
      waiter(Ending.CLOSE);
    }

    @Test
    @DisplayName("of acquireAsync and of a blocking acquire ends without a lease, never hangs, and leaves nothing queued, when the backend expires it")
    @Requires(Capability.EXPIRE_SESSION)
    @Verifies("FAULT-24")
    void waiterExpired() throws Exception {
      waiter(Ending.EXPIRY);
    }

    @Test
    @DisplayName("of acquireAsync and of a blocking acquire ends without a lease, never hangs, and leaves nothing queued, when it is cut off past its TTL")
    @Requires(Capability.DISCONNECT_CLIENT)
    @Verifies("FAULT-24")
    void waiterCutOffPastTtl() throws Exception {
      waiter(Ending.CUT_OFF_PAST_TTL);
    }

    private void waiter(Ending ending) throws Exception {
      List<CoordinationClient> c = kit.open(3);
      CoordinationClient holder = c.get(0);
      CoordinationClient waiting = c.get(1);
      LockLease first = holder.locks().tryAcquire(kit.lock("async")).orElseThrow();
      LockLease second = holder.locks().tryAcquire(kit.lock("blocking")).orElseThrow();
      CompletableFuture<LockLease> async = waiting.locks().acquireAsync(kit.lock("async"));
      Duration long_ = kit.expiryTimeout(waiting).multipliedBy(4);
      CallerThread<Optional<LockLease>> blocking =
          CallerThread.start("waiter", false, () -> waiting.locks().acquire(kit.lock("blocking"), long_));
      kit.await().alias("the blocking acquire parks").until(blocking::parkedOrDone);
      end(waiting, ending);
      Duration bound = kit.expiryTimeout(waiting);
      kit.await(bound).alias("the acquireAsync of a session that ended completes").until(async::isDone);
      assertThat(async).as("acquireAsync of a session that ended").isCompletedExceptionally();
      CallerThread.Outcome<Optional<LockLease>> outcome = blocking.outcome(bound);
      assertThat(outcome.value()).as("a blocking acquire of a session that ended returns empty or throws")
          .satisfiesAnyOf(v -> assertThat(v).isNull(), v -> assertThat(v).isEmpty());
      // Nothing of the ended waiter stays queued: released locks go straight to a third session.
      first.release();
      second.release();
      assertThat(c.get(2).locks().acquire(kit.lock("async"), kit.timeout())).isPresent();
      assertThat(c.get(2).locks().acquire(kit.lock("blocking"), kit.timeout())).isPresent();
    }
  }

  @Nested
  @DisplayName("a listener")
  class Listener {
    @Test
    @DisplayName("of the session (added twice) and of a lease are told each transition once, the end last; removed ones nothing, when its client is closed")
    @Verifies({"FAULT-25", "FAULT-26"})
    void toldOnceClientClosed() {
      toldOnce(Ending.CLOSE);
    }

    @Test
    @DisplayName("of the session (added twice) and of a lease are told each transition once, the end last; removed ones nothing, when the backend expires it")
    @Requires(Capability.EXPIRE_SESSION)
    @Verifies({"FAULT-25", "FAULT-26"})
    void toldOnceExpired() {
      toldOnce(Ending.EXPIRY);
    }

    @Test
    @DisplayName("of the session (added twice) and of a lease are told each transition once, the end last; removed ones nothing, when it is cut off past its TTL")
    @Requires(Capability.DISCONNECT_CLIENT)
    @Verifies({"FAULT-25", "FAULT-26"})
    void toldOnceCutOffPastTtl() {
      toldOnce(Ending.CUT_OFF_PAST_TTL);
    }

    private void toldOnce(Ending ending) {
      CoordinationClient a = kit.open();
      LockLease lease = a.locks().tryAcquire(kit.lock("l")).orElseThrow();
      Transitions session = new Transitions();
      Transitions leaseTold = new Transitions();
      Transitions removedFromSession = new Transitions();
      Transitions removedFromLease = new Transitions();
      // Removed ones registered first: delivered in registration order, they would be told before the kept ones.
      a.session().addListener(removedFromSession);
      lease.addListener(removedFromLease);
      a.session().removeListener(removedFromSession);
      lease.removeListener(removedFromLease);
      a.session().addListener(session);
      a.session().addListener(session);
      lease.addListener(leaseTold);
      end(a, ending);
      kit.await().until(() -> count(session.seen(), "->" + ending.terminal) > 0);
      kit.await().until(() -> leaseTold.seen().stream().anyMatch(s -> s.endsWith("->LOST") || s.endsWith("->RELEASED")));
      for (Transitions t : List.of(session, leaseTold)) {
        // A listener told a transition twice shows as a "from" that is not the previous "to".
        assertThat(t.problems()).as("transitions %s", t.seen()).isEmpty();
      }
      assertThat(count(session.seen(), "->" + ending.terminal)).isEqualTo(1);
      assertThat(session.seen().get(session.seen().size() - 1)).endsWith("->" + ending.terminal);
      assertThat(count(leaseTold.seen(), "->LOST") + count(leaseTold.seen(), "->RELEASED")).isEqualTo(1);
      assertThat(removedFromSession.seen()).as("told after removeListener (session)").isEmpty();
      assertThat(removedFromLease.seen()).as("told after removeListener (lease)").isEmpty();
    }
  }
}
