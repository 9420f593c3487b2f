package io.metastate.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.error.CoordinationException;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import io.metastate.tck.wire.Direction;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A client hears from its backend late, or its requests vanish: time passes without confirmed contact while the
 * backend may expire the session and hand its locks to others. From the moment another session holds the lock, the
 * first lease must never read HELD, not even when the late replies finally arrive (a reply proves contact as of when
 * its request was sent, not when it arrived).
 */
@Requires(Capability.NETWORK_FAULTS)
public abstract class DelayedReplyContract extends Contract {

  /** Records every read of a lease that said HELD while it must not have. */
  private static final class Watchdog {
    final List<String> violations = new CopyOnWriteArrayList<>();

    boolean notHeld(LockLease lease, String when) {
      LeaseState s = lease.state();
      if (s == LeaseState.HELD) {
        violations.add("read HELD " + when);
      }
      return true;
    }
  }

  /** Client {@code a} holds lock {@code l} with {@code lease}; {@code other} is the session that takes it over. */
  private record Holder(CoordinationClient a, CoordinationClient other, LockLease lease) {}

  private Holder holder() {
    List<CoordinationClient> c = kit.open(2);
    return new Holder(c.get(0), c.get(1), c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow());
  }

  /** Blackholes the holder's requests, so that the backend expires its session, and has the other take the lock. */
  private LockLease takeOver(Holder h) {
    kit.proxy(h.a()).blackhole(Direction.TO_BACKEND);
    return h.other().locks().acquire(kit.lock("l"), kit.expiryTimeout(h.a()))
        .orElseThrow(() -> new AssertionError("the lock of a session whose requests vanish did not come free"));
  }

  /**
   * Reads the lease every 2 ms for {@code window} ({@code when} says what happens meanwhile), then heals the proxy and
   * reads it until the session is EXPIRED.
   */
  private void watchThenHeal(Watchdog watchdog, Holder h, Duration window, String when) {
    kit.await(window.plus(kit.timeout())).pollInterval(Duration.ofMillis(2)).during(window)
        .until(() -> watchdog.notHeld(h.lease(), when));
    kit.proxy(h.a()).heal();
    kit.await(kit.expiryTimeout(h.a())).until(() -> watchdog.notHeld(h.lease(), "after the proxy healed")
        && h.a().session().state() == SessionState.EXPIRED);
  }

  /**
   * Watches the holder's lease from the moment {@code taken} holds its lock through {@code window} and the healing
   * (see {@link #watchThenHeal}): it must never read HELD, and ends LOST while {@code taken} still holds.
   */
  private void assertNeverHeldOnceTaken(Holder h, LockLease taken, Duration window, String when) {
    Watchdog watchdog = new Watchdog();
    watchdog.notHeld(h.lease(), "right after another session took the lock");
    watchThenHeal(watchdog, h, window, when);
    kit.await().until(() -> h.lease().state() == LeaseState.LOST);
    assertThat(watchdog.violations).as("reads of the first lease after another session took the lock").isEmpty();
    assertThat(taken.isHeld()).isTrue();
  }

  @Test
  @DisplayName("with replies delayed past the TTL the lease reads non-HELD, and once the backend expired the session and another holds the lock, never HELD, not even when the late replies arrive")
  @Verifies("FAULT-6")
  void delayedReplies() {
    Holder h = holder();
    Duration ttl = KitContext.ttl(h.a());
    Duration delay = ttl.plus(ttl.dividedBy(2));
    kit.proxy(h.a()).delay(Direction.TO_CLIENT, delay);
    // Every reply now comes half a TTL too late: once a TTL has passed since the last timely one, contact has lapsed.
    kit.await(kit.timeout().plus(Timing.scaled(ttl))).alias("the lease stops reading HELD")
        .until(() -> h.lease().state() != LeaseState.HELD);
    // The keep-alives sent meanwhile renewed the session and their replies are on the way, a TTL late. Now the
    // requests vanish too: the backend expires the session while those replies are still to come. A client that
    // times a reply by its arrival, not by when its request was sent, would take them for fresh contact.
    // Every reply in flight when the other session took the lock arrives within one delay: watch every read till then.
    LockLease other = takeOver(h);
    assertNeverHeldOnceTaken(h, other, delay, "while late replies arrive, after another session took the lock");
  }

  @Test
  @DisplayName("with replies late by most of a TTL, once the backend expired the session and another holds the lock, the lease never reads HELD: a late reply proves contact as of its request, not its arrival")
  @Verifies("FAULT-27")
  void lateRepliesWithinTtl() {
    Holder h = holder();
    // Most of a TTL: a client that stamps contact on arrival then believes in a session the backend expired for
    // almost a TTL more, past whatever margin it keeps; one that stamps by the request's send time never does.
    Duration delay = KitContext.ttl(h.a()).multipliedBy(9).dividedBy(10);
    kit.proxy(h.a()).delay(Direction.TO_CLIENT, delay);
    // A read whose reply comes late: once it is back, keep-alives sent since are renewing the session, their replies
    // on the way. Then the requests vanish: the backend expires the session a TTL after the last renewal.
    // (A client may also give its connection up over replies this late, and lose the session: allowed.)
    try {
      h.a().state().exists(kit.base());
    } catch (CoordinationException e) {
      // the session was lost to the delay; its lease must still never read HELD below
    }
    LockLease other = takeOver(h);
    assertNeverHeldOnceTaken(h, other, delay, "while late replies arrive, after another session took the lock");
  }

  @Test
  @DisplayName("with requests blackholed, the backend expires the session, and from the moment another holds the lock the lease never reads HELD")
  @Verifies("FAULT-7")
  void blackholedRequests() {
    Holder h = holder();
    Transitions told = new Transitions();
    h.lease().addListener(told);
    Duration ttl = KitContext.ttl(h.a());
    LockLease other = takeOver(h);
    int toldBefore = told.seen().size();
    assertNeverHeldOnceTaken(h, other, ttl, "while its requests vanish, after another session took the lock");
    assertThat(told.seen().subList(toldBefore, told.seen().size())).as("lease transitions after the takeover")
        .noneMatch(s -> s.endsWith("->HELD"));
  }
}
