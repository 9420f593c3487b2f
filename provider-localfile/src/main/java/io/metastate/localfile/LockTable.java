package io.metastate.localfile;

import io.metastate.error.CoordinationException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.SessionExpiredException;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockInfo;
import io.metastate.provider.support.ClaimLease;
import io.metastate.provider.support.LockDirectory;
import io.metastate.provider.support.QueuePosition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The lock queues of one store, in memory: they die with the process, so a claim needs no disk write. Only the fencing
 * tokens must outlive it, which {@link TokenAllocator} guarantees. The first claim of a queue holds the lock; the
 * others wait for the claim ahead of theirs, and are woken when it leaves. A lease that ends here is terminal before
 * the next claim is woken, so two leases of one name are never HELD at once. Wake-ups run outside the monitor.
 */
final class LockTable implements LockDirectory {
  private final Map<String, List<LocalClaim>> queues = new HashMap<>();
  private final TokenAllocator tokens;
  private final Executor executor;

  LockTable(TokenAllocator tokens, Executor executor) {
    this.tokens = tokens;
    this.executor = executor;
  }

  /** Where waiters take their steps and futures complete: the store's executor. */
  Executor executor() {
    return executor;
  }

  /** Joins the queue of {@code name}; may block for one fsync when a new block of tokens must be reserved. */
  synchronized LocalClaim claim(LocalSession session, String name, boolean onlyIfFree, Runnable wake) {
    checkAlive(session);
    List<LocalClaim> queue = queues.get(name);
    if (onlyIfFree && queue != null) {
      return null;
    }
    LocalClaim claim = new LocalClaim(name, session, tokens.next(), wake);
    queues.computeIfAbsent(name, n -> new ArrayList<>()).add(claim);
    return claim;
  }

  /**
   * Checked under the monitor: a session that began to end must not claim anything, or the claim would outlive the
   * cleanup that {@link #sessionEnded} is about to make (or has made).
   */
  private static void checkAlive(LocalSession session) {
    if (session.isEnding()) {
      session.checkUsable();
      throw new SessionExpiredException("session 0x" + Long.toHexString(session.id())
          + " is ending; open a new client");
    }
  }

  synchronized QueuePosition<LocalClaim> position(LocalClaim claim) {
    List<LocalClaim> queue = queues.getOrDefault(claim.name, List.of());
    int index = queue.indexOf(claim);
    if (index < 0) {
      checkAlive(claim.session);
      throw new LeaseLostException(claim.name, "its waiter was force-released from the head of the queue");
    }
    return index == 0 ? QueuePosition.head() : QueuePosition.behind(queue.get(index - 1));
  }

  synchronized boolean watch(LocalClaim claim, LocalClaim predecessor) {
    if (!isQueued(predecessor)) {
      return false;
    }
    predecessor.successors.add(claim.wake);
    return true;
  }

  /** Gives a claim its lease; a claim force-released meanwhile makes the lease LOST at once. */
  synchronized void attach(LocalLease lease) {
    LocalClaim claim = lease.claim();
    claim.lease = lease;
    if (!isQueued(claim)) {
      lease.moveTo(LeaseState.LOST);
    }
  }

  /** Removes a claim; {@code released}, the lease released with it, turns RELEASED before the next is woken. */
  void remove(LocalClaim claim, ClaimLease<LocalClaim> released) {
    List<Runnable> wake;
    synchronized (this) {
      if (!unqueue(claim)) {
        return;
      }
      if (released != null) {
        released.moveTo(LeaseState.RELEASED);
      }
      wake = List.copyOf(claim.successors);
    }
    wake.forEach(Runnable::run);
  }

  @Override
  public boolean forceRelease(String name) {
    List<Runnable> wake;
    synchronized (this) {
      List<LocalClaim> queue = queues.get(name);
      if (queue == null) {
        return false;
      }
      LocalClaim head = queue.get(0);
      unqueue(head);
      if (head.lease != null) {
        head.lease.moveTo(LeaseState.LOST);
      }
      wake = List.copyOf(head.successors);
    }
    wake.forEach(Runnable::run);
    return true;
  }

  private boolean isQueued(LocalClaim claim) {
    return queues.getOrDefault(claim.name, List.of()).contains(claim);
  }

  private boolean unqueue(LocalClaim claim) {
    List<LocalClaim> queue = queues.get(claim.name);
    if (queue == null || !queue.remove(claim)) {
      return false;
    }
    if (queue.isEmpty()) {
      queues.remove(claim.name);
    }
    return true;
  }

  /** How many claims wait behind the holder of a name (for tests). */
  synchronized int waiting(String name) {
    List<LocalClaim> queue = queues.get(name);
    return queue == null ? 0 : queue.size() - 1;
  }

  synchronized boolean holds(LocalLease lease) {
    List<LocalClaim> queue = queues.get(lease.name());
    return queue != null && queue.get(0) == lease.claim();
  }

  @Override
  public synchronized Optional<LockInfo> query(String name) {
    List<LocalClaim> queue = queues.get(name);
    return queue == null ? Optional.empty() : Optional.of(info(queue.get(0)));
  }

  @Override
  public synchronized List<LockInfo> list(String prefix) {
    List<LockInfo> out = new ArrayList<>();
    for (Map.Entry<String, List<LocalClaim>> e : queues.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        out.add(info(e.getValue().get(0)));
      }
    }
    out.sort(Comparator.comparing(LockInfo::name));
    return out;
  }

  private static LockInfo info(LocalClaim c) {
    return new LockInfo(c.name, c.session.ownerId(), c.session.id(), c.token);
  }

  /**
   * Ends everything a session had here: its lock service ends its leases ({@code terminal}: LOST on expiry, RELEASED
   * on close) and fails its waiters with {@code failure}; then its claims leave their queues, waking the next.
   */
  void sessionEnded(LocalSession session, LeaseState terminal, Supplier<CoordinationException> failure) {
    LocalLocks locks = session.locks();
    if (locks != null) {
      if (terminal == LeaseState.LOST) {
        locks.expired(failure.get());
      } else {
        locks.closed();
      }
    }
    List<Runnable> wake = new ArrayList<>();
    synchronized (this) {
      for (Iterator<List<LocalClaim>> it = queues.values().iterator(); it.hasNext(); ) {
        List<LocalClaim> queue = it.next();
        for (Iterator<LocalClaim> claims = queue.iterator(); claims.hasNext(); ) {
          LocalClaim c = claims.next();
          if (c.session == session) {
            claims.remove();
            wake.addAll(c.successors);
          }
        }
        if (queue.isEmpty()) {
          it.remove();
        }
      }
    }
    wake.forEach(Runnable::run);
  }

  /** The backend restarted: every lease is LOST, and every session's waiters fail with {@code failure}. */
  void clear(Supplier<CoordinationException> failure) {
    Set<LocalSession> sessions = new LinkedHashSet<>();
    synchronized (this) {
      for (List<LocalClaim> queue : queues.values()) {
        for (LocalClaim c : queue) {
          if (c.lease != null) {
            c.lease.moveTo(LeaseState.LOST);
          }
          sessions.add(c.session);
        }
      }
      queues.clear();
    }
    // Not on the caller's thread: it holds this table's monitor, which a failing waiter's withdrawal needs.
    for (LocalSession s : sessions) {
      LocalLocks locks = s.locks();
      if (locks != null) {
        executor.execute(() -> locks.expired(failure.get()));
      }
    }
  }
}
