package io.metastate.localfile;

import io.metastate.error.CoordinationException;
import io.metastate.error.LockAlreadyHeldException;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The locks of one store, in memory: they die with the process, so a grant needs no disk write. Only the fencing
 * tokens must outlive it, which {@link TokenAllocator} guarantees. Waiters queue FIFO per name and are woken by the
 * release that frees the lock; futures are completed on the store's executor, never under this table's monitor.
 */
final class LockTable {
  private static final class Entry {
    LocalLease holder;
    final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

    boolean isIdle() {
      return holder == null && waiters.isEmpty();
    }
  }

  private record Waiter(LocalSession session, CompletableFuture<LockLease> future) {}

  private final Map<String, Entry> entries = new HashMap<>();
  private final TokenAllocator tokens;
  private final Executor executor;

  LockTable(TokenAllocator tokens, Executor executor) {
    this.tokens = tokens;
    this.executor = executor;
  }

  Optional<LockLease> tryAcquire(LocalSession session, String name) {
    synchronized (this) {
      checkAlive(session);
      Entry e = entries.get(name);
      if (e != null) {
        checkNotRecursive(e, session, name);
        if (!e.isIdle()) {
          return Optional.empty();
        }
      } else {
        e = new Entry();
        entries.put(name, e);
      }
      return Optional.of(grant(e, name, session));
    }
  }

  CompletableFuture<LockLease> enqueue(LocalSession session, String name) {
    CompletableFuture<LockLease> future = new CompletableFuture<>();
    Waiter waiter = new Waiter(session, future);
    LocalLease granted = null;
    synchronized (this) {
      checkAlive(session);
      Entry e = entries.get(name);
      if (e != null) {
        checkNotRecursive(e, session, name);
      } else {
        e = new Entry();
        entries.put(name, e);
      }
      if (e.isIdle()) {
        granted = grant(e, name, session);
      } else {
        e.waiters.add(waiter);
      }
    }
    if (granted != null) {
      future.complete(granted);
    } else {
      future.whenComplete((lease, failure) -> {
        if (future.isCancelled()) {
          withdraw(name, waiter);
        }
      });
    }
    return future;
  }

  /**
   * Checked under the monitor: a session that began to end must not be granted anything, or the grant would
   * outlive the cleanup that {@link #sessionEnded} is about to make (or has made).
   */
  private static void checkAlive(LocalSession session) {
    if (session.isEnding()) {
      session.checkUsable();
      throw new io.metastate.error.SessionExpiredException("session 0x" + Long.toHexString(session.id())
          + " is ending; open a new client");
    }
  }

  private static void checkNotRecursive(Entry e, LocalSession session, String name) {
    if (e.holder != null && e.holder.session() == session) {
      throw new LockAlreadyHeldException(name);
    }
    for (Waiter w : e.waiters) {
      if (w.session == session && !w.future.isDone()) {
        throw new LockAlreadyHeldException(name);
      }
    }
  }

  private synchronized void withdraw(String name, Waiter waiter) {
    Entry e = entries.get(name);
    if (e != null && e.waiters.remove(waiter) && e.isIdle()) {
      entries.remove(name);
    }
  }

  /** Called with the monitor held. May block for one fsync when a new block of tokens must be reserved. */
  private LocalLease grant(Entry e, String name, LocalSession session) {
    LocalLease lease = new LocalLease(name, session, tokens.next(), this);
    e.holder = lease;
    session.leases.add(lease);
    if (session.state() == SessionState.SUSPENDED) {
      lease.moveTo(LeaseState.UNCERTAIN);
    }
    return lease;
  }

  /** Hands the freed lock to the first waiter still waiting; the delivery runs later, outside the monitor. */
  private void grantNext(String name, Entry e, List<Runnable> deliveries) {
    while (e.holder == null && !e.waiters.isEmpty()) {
      Waiter w = e.waiters.poll();
      if (w.future.isDone()) {
        continue; // cancelled; its withdrawal is on the way
      }
      LocalLease lease = grant(e, name, w.session);
      deliveries.add(() -> {
        if (!w.future.complete(lease)) {
          lease.release(); // the waiter was cancelled while the grant was made
        }
      });
    }
  }

  /** Removes {@code lease} as holder if it still is, moving it to RELEASED, and wakes the next waiter. */
  void release(LocalLease lease) {
    end(lease, LeaseState.RELEASED);
  }

  private void end(LocalLease lease, LeaseState terminal) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (this) {
      Entry e = entries.get(lease.name());
      if (e == null || e.holder != lease) {
        return;
      }
      // Terminal before the next grant, so two leases of one name are never HELD at once.
      lease.moveTo(terminal);
      e.holder = null;
      grantNext(lease.name(), e, deliveries);
      if (e.isIdle()) {
        entries.remove(lease.name());
      }
    }
    deliveries.forEach(executor::execute);
  }

  boolean forceRelease(String name) {
    LocalLease holder;
    synchronized (this) {
      Entry e = entries.get(name);
      holder = e == null ? null : e.holder;
    }
    if (holder == null) {
      return false;
    }
    end(holder, LeaseState.LOST);
    return true;
  }

  /** How many waiters queue for a name (for tests). */
  synchronized int waiting(String name) {
    Entry e = entries.get(name);
    return e == null ? 0 : (int) e.waiters.stream().filter(w -> !w.future.isDone()).count();
  }

  synchronized boolean holds(LocalLease lease) {
    Entry e = entries.get(lease.name());
    return e != null && e.holder == lease;
  }

  synchronized Optional<LockInfo> query(String name) {
    Entry e = entries.get(name);
    return e == null || e.holder == null ? Optional.empty() : Optional.of(info(e.holder));
  }

  synchronized List<LockInfo> list(String prefix) {
    List<LockInfo> out = new ArrayList<>();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      if (e.getKey().startsWith(prefix) && e.getValue().holder != null) {
        out.add(info(e.getValue().holder));
      }
    }
    out.sort(Comparator.comparing(LockInfo::name));
    return out;
  }

  private static LockInfo info(LocalLease l) {
    return new LockInfo(l.name(), l.ownerId(), l.sessionId(), l.token());
  }

  /**
   * Ends everything a session had here: its leases turn {@code terminal}, its waiters fail with {@code failure}, and
   * the freed locks go to the next waiters.
   */
  void sessionEnded(LocalSession session, LeaseState terminal, Supplier<CoordinationException> failure) {
    List<Runnable> deliveries = new ArrayList<>();
    List<Waiter> failed = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Entry> me = it.next();
        Entry e = me.getValue();
        e.waiters.removeIf(w -> {
          if (w.session == session) {
            failed.add(w);
            return true;
          }
          return false;
        });
        if (e.holder != null && e.holder.session() == session) {
          e.holder.moveTo(terminal);
          e.holder = null;
          List<Runnable> granted = new ArrayList<>();
          grantNext(me.getKey(), e, granted);
          deliveries.addAll(granted);
        }
        if (e.isIdle()) {
          it.remove();
        }
      }
    }
    failed.forEach(w -> executor.execute(() -> w.future.completeExceptionally(failure.get())));
    deliveries.forEach(executor::execute);
  }

  /** The backend restarted: every lease is LOST and every waiter fails. */
  void clear(Supplier<CoordinationException> failure) {
    List<Waiter> failed = new ArrayList<>();
    synchronized (this) {
      for (Entry e : entries.values()) {
        if (e.holder != null) {
          e.holder.moveTo(LeaseState.LOST);
        }
        failed.addAll(e.waiters);
      }
      entries.clear();
    }
    failed.forEach(w -> executor.execute(() -> w.future.completeExceptionally(failure.get())));
  }
}
