package io.metastate.micrometer;

import io.metastate.lock.LeaseListener;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.session.Session;
import io.metastate.session.SessionState;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Leases held ({@code metastate.lock.leases.held}) and leases lost by reason ({@code metastate.lock.leases.lost}). */
final class LeaseMeters {
  private final Meters meters;
  private final Session session;
  private final AtomicInteger held;

  LeaseMeters(Meters meters, Session session) {
    this.meters = meters;
    this.session = session;
    this.held = SharedGauges.of(meters).leasesHeld;
  }

  /** Counts a granted lease until it ends; the lease itself is handed out unwrapped. */
  void track(LockLease lease) {
    held.incrementAndGet();
    AtomicBoolean ended = new AtomicBoolean();
    LeaseListener listener = (l, from, to) -> {
      if (to.isTerminal() && ended.compareAndSet(false, true)) {
        held.decrementAndGet();
        if (to == LeaseState.LOST) {
          meters.counter("metastate.lock.leases.lost", "Leases taken away from this client, by reason",
              "reason", reason(from)).increment();
        }
      }
    };
    lease.addListener(listener);
    // A lease that ended before the listener was added would never be told: settle it here.
    LeaseState now = lease.state();
    if (now.isTerminal()) {
      listener.stateChanged(lease, now, now);
    }
  }

  /**
   * Why a lease was lost: with its session (expired, or lost while UNCERTAIN: the session had lost contact first), or
   * taken away while held and connected ({@code revoked}: an admin force-release, the lock record removed).
   */
  private String reason(LeaseState from) {
    SessionState s = session.state();
    if (s == SessionState.EXPIRED || from == LeaseState.UNCERTAIN) {
      return "session_expired";
    }
    return s == SessionState.CLOSED ? "closed" : "revoked";
  }
}
