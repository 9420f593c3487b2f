package io.metastate.recipes.rangelock;

import io.metastate.error.ClientClosedException;
import io.metastate.error.CoordinationException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.NoNodeException;
import io.metastate.error.SessionExpiredException;
import io.metastate.lock.LeaseState;
import io.metastate.provider.EventDispatcher;
import io.metastate.provider.support.ComponentThreads;
import io.metastate.session.Session;
import io.metastate.session.SessionState;
import io.metastate.state.MetaStateService;
import io.metastate.state.WatchEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The requests of one space handle, waiting and held, re-evaluated against the line whenever a request node is
 * deleted (or events may have been missed): it grants waiters that nothing conflicting precedes any more, and turns
 * grants whose node is gone LOST. Two monitors: {@code evaluation} serializes reads of the line (and guards the
 * reader's cache); {@code this} guards the tables and is never held across I/O, so session notifications are never
 * stuck behind a slow read.
 */
final class Evaluator {
  private static final long RETRY_MILLIS = 200;

  private final Space space;
  private final MetaStateService state;
  private final ComponentThreads threads = ComponentThreads.of("keylocks");
  private final EventDispatcher serial = new EventDispatcher(threads);
  private final EventDispatcher events = new EventDispatcher(threads);
  private final Object evaluation = new Object();
  private final LineReader reader; // guarded by evaluation
  private final OrphanSweeper sweeper;
  private final Map<String, Waiter> waiting = new LinkedHashMap<>(); // guarded by this
  private final Map<String, Grant> held = new LinkedHashMap<>(); // guarded by this
  private final Set<Waiter> vanished = new LinkedHashSet<>(); // guarded by this: waiters whose node disappeared
  private final AtomicBoolean evaluationQueued = new AtomicBoolean();
  private volatile boolean closed;

  Evaluator(Space space, MetaStateService state, String spacePath) {
    this.space = space;
    this.state = state;
    this.reader = new LineReader(state, spacePath);
    this.sweeper = new OrphanSweeper(state, this::evaluateLater);
  }

  OrphanSweeper sweeper() {
    return sweeper;
  }

  /** The line as it stands, without the nodes of this session's unknown creates (being swept). */
  List<Request> readLine() {
    synchronized (evaluation) {
      return sweeper.sweep(reader.read(), state.session().id());
    }
  }

  /** The line as it stands, every node included. */
  List<Request> readWholeLine() {
    synchronized (evaluation) {
      return reader.read();
    }
  }

  /**
   * Makes the lease of a granted request, at once or after a wait: every grant is made here. It reads UNCERTAIN if the
   * session is SUSPENDED, and ends as {@link #sessionChanged} would end it if the session is over. The session is read
   * after the grant is in the table, so a change either finds it there or is seen here. Only reads the session's
   * state, so it may be called under this monitor.
   */
  Grant hold(Request request) {
    Grant grant = new Grant(space, request, events);
    synchronized (this) {
      held.put(request.name(), grant);
    }
    SessionState now = state.session().state();
    if (now.isTerminal()) {
      synchronized (this) {
        held.remove(request.name());
      }
      grant.moveTo(end(now));
    } else if (now == SessionState.SUSPENDED) {
      grant.moveTo(LeaseState.UNCERTAIN);
    }
    return grant;
  }

  /**
   * The rule of the lock service (AbstractLockService): closing is the holder letting go, so its leases end
   * RELEASED; an expired session's were taken away, so they end LOST.
   */
  static LeaseState end(SessionState terminal) {
    return terminal == SessionState.EXPIRED ? LeaseState.LOST : LeaseState.RELEASED;
  }

  /** Puts a blocked request in the waiting table and evaluates once, so that a deletion seen before is not missed. */
  void await(Waiter waiter) {
    synchronized (this) {
      waiting.put(waiter.request.name(), waiter);
    }
    evaluateSoon();
  }

  void onEvent(WatchEvent event) {
    // Only a deletion can unblock a waiter or end a grant; RESYNC means events may have been missed. A creation
    // matters while a create of ours is unknown: it may be that node, applied late, to be swept.
    if (event.type() == WatchEvent.Type.DELETED || event.type() == WatchEvent.Type.RESYNC
        || event.type() == WatchEvent.Type.CREATED && sweeper.awaitsUnknownCreates()) {
      evaluateSoon();
    }
  }

  void evaluateSoon() {
    if (!closed && evaluationQueued.compareAndSet(false, true)) {
      serial.execute(() -> {
        evaluationQueued.set(false);
        evaluate();
      });
    }
  }

  private void evaluateLater() {
    threads.schedule(this::evaluateSoon, RETRY_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void evaluate() {
    List<Runnable> outcomes = new ArrayList<>();
    synchronized (evaluation) {
      synchronized (this) {
        if (waiting.isEmpty() && held.isEmpty() && !sweeper.hasWork()) {
          return;
        }
      }
      List<Request> line;
      try {
        sweeper.retryOrphans();
        line = readLine();
      } catch (CoordinationException e) {
        if (!state.session().state().isTerminal()) {
          evaluateLater();
        }
        return;
      }
      Set<String> live = new HashSet<>();
      line.forEach(r -> live.add(r.name()));
      synchronized (this) {
        for (Iterator<Grant> it = held.values().iterator(); it.hasNext(); ) {
          Grant g = it.next();
          if (!live.contains(g.request.name()) && !g.isReleasing()) {
            it.remove(); // deleted by someone else (an operator, or the backend with the session)
            outcomes.add(() -> g.moveTo(LeaseState.LOST));
          }
        }
        for (Iterator<Waiter> it = waiting.values().iterator(); it.hasNext(); ) {
          Waiter w = it.next();
          if (!live.contains(w.request.name())) {
            it.remove();
            // Most often the session expired and the backend deleted the node before the client heard of it: wait
            // up to a TTL for the session to say so, so that the caller sees the real cause.
            vanished.add(w);
            threads.schedule(() -> requestDeleted(w), state.session().ttl().toMillis(),
                TimeUnit.MILLISECONDS);
          } else if (!Line.isBlocked(line, w.request)) {
            it.remove();
            Grant g = hold(w.request);
            outcomes.add(() -> {
              if (!w.complete(g)) {
                releaseQuietly(g); // cancelled while being granted
              }
            });
          }
        }
      }
    }
    outcomes.forEach(Runnable::run);
  }

  private void requestDeleted(Waiter waiter) {
    synchronized (this) {
      if (!vanished.remove(waiter)) {
        return;
      }
    }
    waiter.completeExceptionally(new LeaseLostException(space.name() + " " + waiter.request.range(),
        "its request node " + waiter.request.path() + " was deleted while it waited"));
  }

  /** Deletes a grant's node; called by {@link Grant#release()}. */
  void delete(Grant grant) {
    try {
      state.delete(grant.request.path(), MetaStateService.ANY_VERSION);
    } catch (NoNodeException alreadyGone) {
      // released twice through a race, or it died with the session: either way it is gone
    }
    synchronized (this) {
      held.remove(grant.request.name());
    }
  }

  /** Withdraws a cancelled waiter; called by {@link Waiter#cancel(boolean)}. */
  void withdraw(Waiter waiter) {
    synchronized (this) {
      waiting.remove(waiter.request.name());
    }
    sweeper.deleteOrOrphan(waiter.request.path());
  }

  void sessionChanged(Session session, SessionState from, SessionState to) {
    List<Grant> grants;
    List<Waiter> waiters = List.of();
    synchronized (this) {
      grants = List.copyOf(held.values());
      if (to.isTerminal()) {
        waiters = drainWaiters();
        held.clear();
        sweeper.clear();
      }
    }
    switch (to) {
      case SUSPENDED -> grants.forEach(g -> g.moveTo(LeaseState.UNCERTAIN));
      case CONNECTED -> {
        grants.forEach(g -> g.moveTo(LeaseState.HELD));
        evaluateSoon();
      }
      case EXPIRED, CLOSED -> {
        grants.forEach(g -> g.moveTo(end(to)));
        CoordinationException why = to == SessionState.EXPIRED
            ? new SessionExpiredException("session expired while waiting for a key lock in " + space.name())
            : new ClientClosedException("client closed while waiting for a key lock in " + space.name());
        waiters.forEach(w -> w.completeExceptionally(why));
        threads.close(); // the session is over: nothing left to evaluate
      }
    }
  }

  /** Stops evaluating; withdraws the waiters and releases the grants of the handle. */
  void close() {
    List<Waiter> waiters;
    List<Grant> grants;
    synchronized (this) {
      closed = true;
      waiters = drainWaiters();
      grants = List.copyOf(held.values());
    }
    waiters.forEach(w -> w.cancel(false));
    grants.forEach(Evaluator::releaseQuietly);
    threads.close();
  }

  /** Empties the waiting tables. Caller holds {@code this}. */
  private List<Waiter> drainWaiters() {
    List<Waiter> all = new ArrayList<>(waiting.values());
    all.addAll(vanished);
    waiting.clear();
    vanished.clear();
    return all;
  }

  private static void releaseQuietly(Grant grant) {
    try {
      grant.release();
    } catch (CoordinationException e) {
      // the node dies with the session at the latest
    }
  }
}
