package io.metastate.provider.support;

import io.metastate.error.LockAlreadyHeldException;
import io.metastate.lock.LeaseState;
import io.metastate.session.SessionState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The waiters and leases of one session, by lock name, and the moves the session's transitions make on its leases.
 * Lease moves are made under this table's monitor, so that a grant and a transition never interleave: a lease granted
 * as the session moves is either moved by the transition or sees the new state when it is put in.
 */
final class SessionLocks<C, P> {
  /** Per name: a {@link Waiter}, a {@link ClaimLease}, or the marker of a tryAcquire in progress. */
  private final Map<String, Object> byName = new HashMap<>();
  /** Leases whose release outcome is unknown ({@link ClaimLease#detach()}): out of the table, not yet terminal. */
  private final Set<ClaimLease<C>> detached = new HashSet<>();
  /** The state leases end in once the session ended (LOST or RELEASED); null while it lives. */
  private LeaseState ended;

  /** Puts {@code entry} for {@code name}, unless the session already holds or awaits it. */
  synchronized void reserve(String name, Object entry) {
    if (byName.putIfAbsent(name, entry) != null) {
      throw new LockAlreadyHeldException(name);
    }
  }

  /** Puts a new lease in place of its reservation, reading UNCERTAIN if the session is suspended. */
  synchronized void granted(ClaimLease<C> lease, Object reservation, Supplier<SessionState> sessionState) {
    if (lease.reportedState().isTerminal()) {
      byName.remove(lease.name(), reservation); // lost as it was made (its claim was taken away meanwhile)
      return;
    }
    byName.replace(lease.name(), reservation, lease);
    if (ended != null) {
      lease.moveTo(ended); // the session ended while we were granted
    } else if (sessionState.get() == SessionState.SUSPENDED) {
      lease.moveTo(LeaseState.UNCERTAIN);
    }
  }

  /** Drops {@code entry} for {@code name}, if it is still the one there. */
  synchronized void forget(String name, Object entry) {
    byName.remove(name, entry);
  }

  synchronized void forget(ClaimLease<C> lease) {
    byName.remove(lease.name(), lease);
    detached.remove(lease);
  }

  synchronized void detach(ClaimLease<C> lease) {
    if (!lease.reportedState().isTerminal()) {
      byName.remove(lease.name(), lease);
      detached.add(lease);
    }
    if (ended != null) {
      lease.moveTo(ended);
    }
  }

  /** Applies {@code move} to every live lease (to UNCERTAIN, or HELD again); returns the waiters. */
  synchronized List<Waiter<C, P>> moveLeases(Consumer<ClaimLease<C>> move) {
    leases().forEach(move);
    return waiters();
  }

  /** The session ended: every lease moves to {@code terminal}, and so does any granted later; returns the waiters. */
  synchronized List<Waiter<C, P>> end(LeaseState terminal) {
    ended = terminal;
    leases().forEach(l -> l.moveTo(terminal));
    return waiters();
  }

  private List<ClaimLease<C>> leases() {
    List<ClaimLease<C>> out = new ArrayList<>(detached);
    for (Object o : byName.values()) {
      if (o instanceof ClaimLease<?> l) {
        out.add(cast(l));
      }
    }
    return out;
  }

  private List<Waiter<C, P>> waiters() {
    List<Waiter<C, P>> out = new ArrayList<>();
    for (Object o : byName.values()) {
      if (o instanceof Waiter<?, ?> w) {
        out.add(cast(w));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }
}
