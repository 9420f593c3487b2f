package io.metastate.recipes.rangelock;

import io.metastate.CoordinationClient;
import io.metastate.error.ClientClosedException;
import io.metastate.error.ConnectionLossException;
import io.metastate.error.CoordinationException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.LockAlreadyHeldException;
import io.metastate.error.NoNodeException;
import io.metastate.error.NodeExistsException;
import io.metastate.error.SessionExpiredException;
import io.metastate.error.TransactionFailedException;
import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockNames;
import io.metastate.provider.EventDispatcher;
import io.metastate.session.Session;
import io.metastate.session.SessionListener;
import io.metastate.session.SessionState;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.NodePath;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import io.metastate.state.Stat;
import io.metastate.state.Watch;
import io.metastate.state.WatchEvent;
import io.metastate.state.WatchScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A lock space: queues request nodes, grants those with no earlier conflicting request, and re-evaluates its
 * waiters whenever a request node is deleted. Two monitors: {@code evaluation} serializes reads of the line (and
 * guards its cache); {@code this} guards the in-memory tables and is never held across I/O, so session
 * notifications are never stuck behind a slow read.
 */
final class Space implements KeyLockSpace {
  static final String ROOT = "/metastate/keylocks/";
  private static final long RETRY_MILLIS = 200;

  private final MetaStateService state;
  private final String name;
  private final String spacePath;
  private final EventDispatcher serial = new EventDispatcher(RangeLockThreads.POOL);
  private final EventDispatcher events = new EventDispatcher(RangeLockThreads.POOL);
  private final Object evaluation = new Object();
  private final Map<String, Request> known = new HashMap<>(); // guarded by evaluation
  private final Map<String, Waiter> waiting = new LinkedHashMap<>(); // guarded by this
  private final Map<String, Grant> held = new LinkedHashMap<>(); // guarded by this
  private final Set<String> orphans = new LinkedHashSet<>(); // guarded by this: withdrawn nodes not yet deleted
  private final Set<Waiter> vanished = new LinkedHashSet<>(); // guarded by this: waiters whose node disappeared
  /** Nonces of creates whose outcome is unknown (connection lost): swept at the next successful read of the line. */
  private final Set<String> unknownCreates = new LinkedHashSet<>(); // guarded by this
  private final AtomicBoolean evaluationQueued = new AtomicBoolean();
  private final SessionListener sessionListener = this::sessionChanged;
  private volatile boolean closed;
  private Watch watch;

  private Space(MetaStateService state, String name) {
    this.state = state;
    this.name = name;
    this.spacePath = ROOT + name;
  }

  static Space open(CoordinationClient client, String spaceName) {
    LockNames.validate(spaceName);
    Space space = new Space(Objects.requireNonNull(client, "client").state(), spaceName);
    space.ensureSpaceNode();
    space.watch = space.state.watch(space.spacePath, WatchScope.CHILDREN, space::onEvent);
    space.state.session().addListener(space.sessionListener);
    return space;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Optional<KeyLease> tryLock(KeyRange range, LockMode mode) {
    Waiter waiter = request(range, mode, true);
    return waiter == null ? Optional.empty() : Optional.of(await(waiter));
  }

  @Override
  public Optional<KeyLease> lock(KeyRange range, LockMode mode, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
    }
    if (timeout.isZero()) {
      return tryLock(range, mode);
    }
    Waiter waiter = request(range, mode, false);
    try {
      return Optional.of(waiter.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      return waiter.cancel(false) ? Optional.empty() : Optional.of(await(waiter));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (waiter.cancel(false)) {
        throw new CoordinationException("interrupted while waiting for key lock " + name + " " + range
            + "; the request was withdrawn", true);
      }
      return Optional.of(await(waiter));
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    }
  }

  @Override
  public CompletableFuture<KeyLease> lockAsync(KeyRange range, LockMode mode) {
    return request(range, mode, false);
  }

  @Override
  public List<KeyLockInfo> holders() {
    List<Request> line;
    synchronized (evaluation) {
      line = snapshot();
    }
    List<KeyLockInfo> out = new ArrayList<>();
    for (Request r : line) {
      if (!isBlocked(line, r)) {
        out.add(new KeyLockInfo(name, r.range(), r.mode(), r.ownerId(), r.sessionId(),
            new FencingToken(r.createRevision())));
      }
    }
    return out;
  }

  @Override
  public void close() {
    List<Waiter> waiters;
    List<Grant> grants;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      List<Waiter> all = new ArrayList<>(waiting.values());
      all.addAll(vanished);
      vanished.clear();
      waiters = all;
      grants = List.copyOf(held.values());
    }
    watch.close();
    state.session().removeListener(sessionListener);
    waiters.forEach(w -> w.cancel(false));
    for (Grant g : grants) {
      try {
        g.release();
      } catch (CoordinationException e) {
        // the node dies with the session at the latest
      }
    }
  }

  /**
   * Queues a request and decides it against the line as it stands. Returns a completed waiter if granted, null if
   * {@code tryOnly} and blocked (the request is withdrawn), else a pending waiter.
   */
  private Waiter request(KeyRange range, LockMode mode, boolean tryOnly) {
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(mode, "mode");
    if (closed) {
      throw new ClientClosedException("key lock space '" + name + "' is closed");
    }
    Request mine = enqueue(range, mode);
    Waiter waiter = new Waiter(this, mine);
    boolean blocked = false;
    try {
      List<Request> line;
      synchronized (evaluation) {
        line = snapshot();
      }
      for (Request r : line) {
        if (r.createRevision() < mine.createRevision() && r.conflictsWith(mine)) {
          if (r.sessionId() == mine.sessionId()) {
            throw new LockAlreadyHeldException(name + " " + range + " (conflicts with this session's " + r.mode()
                + " " + r.range() + ")");
          }
          blocked = true;
        }
      }
    } catch (RuntimeException e) {
      deleteOrOrphan(mine.path());
      throw e;
    }
    if (!blocked) {
      waiter.complete(hold(mine));
      return waiter;
    }
    if (tryOnly) {
      deleteOrOrphan(mine.path());
      return null;
    }
    synchronized (this) {
      waiting.put(mine.name(), waiter);
    }
    evaluateSoon(); // a deletion handled before the waiter was registered must not be missed
    return waiter;
  }

  private Request enqueue(KeyRange range, LockMode mode) {
    Session session = state.session();
    String nonce = UUID.randomUUID().toString();
    Op create = Op.create(spacePath + "/" + Request.PREFIX, Request.encode(range, mode, session.ownerId(), nonce),
        CreateMode.EPHEMERAL_SEQUENTIAL);
    OpResult.Created created;
    try {
      try {
        created = (OpResult.Created) state.multi(List.of(create)).get(0);
      } catch (TransactionFailedException e) {
        if (!(e.reason() instanceof NoNodeException)) {
          throw e;
        }
        ensureSpaceNode(); // someone deleted the space node: put it back
        created = (OpResult.Created) state.multi(List.of(create)).get(0);
      }
    } catch (ConnectionLossException e) {
      // The node may exist nobody's: it would block conflicting requests for as long as the session lives.
      synchronized (this) {
        unknownCreates.add(nonce);
      }
      evaluateSoon();
      throw e;
    }
    String path = created.path();
    return new Request(NodePath.of(path).name(), path, range, mode, session.ownerId(), session.id(),
        created.stat().createRevision(), nonce);
  }

  private Grant hold(Request request) {
    Grant grant = new Grant(this, request, events);
    synchronized (this) {
      held.put(request.name(), grant);
    }
    if (state.session().state() == SessionState.SUSPENDED) {
      grant.moveTo(LeaseState.UNCERTAIN);
    }
    return grant;
  }

  /** The requests in line, oldest first. Caller holds {@code evaluation}. */
  private List<Request> snapshot() {
    List<String> names;
    try {
      names = state.children(spacePath);
    } catch (NoNodeException e) {
      names = List.of(); // the space was deleted, and every request with it
    }
    known.keySet().retainAll(names);
    List<Request> line = new ArrayList<>(names.size());
    for (String child : names) {
      if (!child.startsWith(Request.PREFIX)) {
        continue;
      }
      Request r = known.get(child);
      if (r == null) {
        String path = spacePath + "/" + child;
        Optional<Node> node = state.get(path);
        if (node.isEmpty()) {
          continue;
        }
        Stat stat = node.get().stat();
        r = Request.decode(child, path, node.get().data(), stat.ephemeralOwner(), stat.createRevision());
        known.put(child, r);
      }
      line.add(r);
    }
    line.sort(Comparator.comparingLong(Request::createRevision));
    return line;
  }

  private static boolean isBlocked(List<Request> line, Request mine) {
    for (Request r : line) {
      if (r.createRevision() >= mine.createRevision()) {
        return false;
      }
      if (r.conflictsWith(mine)) {
        return true;
      }
    }
    return false;
  }

  private void onEvent(WatchEvent event) {
    // Only a deletion can unblock a waiter or end a grant; RESYNC means events may have been missed.
    if (event.type() == WatchEvent.Type.DELETED || event.type() == WatchEvent.Type.RESYNC) {
      evaluateSoon();
    }
  }

  private void evaluateSoon() {
    if (!closed && evaluationQueued.compareAndSet(false, true)) {
      serial.execute(() -> {
        evaluationQueued.set(false);
        evaluate();
      });
    }
  }

  private void evaluate() {
    List<Runnable> outcomes = new ArrayList<>();
    synchronized (evaluation) {
      List<String> leftovers;
      synchronized (this) {
        if (waiting.isEmpty() && held.isEmpty() && orphans.isEmpty() && unknownCreates.isEmpty()) {
          return;
        }
        leftovers = List.copyOf(orphans);
        orphans.clear();
      }
      List<Request> line;
      try {
        leftovers.forEach(this::deleteOrOrphan);
        line = snapshot();
        sweepUnknownCreates(line);
      } catch (CoordinationException e) {
        if (!state.session().state().isTerminal()) {
          RangeLockThreads.TIMER.schedule(this::evaluateSoon, RETRY_MILLIS, TimeUnit.MILLISECONDS);
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
            RangeLockThreads.TIMER.schedule(() -> requestDeleted(w), state.session().ttl().toMillis(),
                TimeUnit.MILLISECONDS);
          } else if (!isBlocked(line, w.request)) {
            it.remove();
            Grant g = new Grant(this, w.request, events);
            held.put(w.request.name(), g);
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

  /** Withdraws the nodes of creates whose outcome was unknown; the line was read after they were sent. */
  private void sweepUnknownCreates(List<Request> line) {
    Set<String> nonces;
    synchronized (this) {
      nonces = Set.copyOf(unknownCreates);
      unknownCreates.clear();
    }
    if (nonces.isEmpty()) {
      return;
    }
    long me = state.session().id();
    for (Request r : line) {
      if (r.sessionId() == me && nonces.contains(r.nonce())) {
        deleteOrOrphan(r.path());
      }
    }
  }

  private void requestDeleted(Waiter waiter) {
    synchronized (this) {
      if (!vanished.remove(waiter)) {
        return;
      }
    }
    waiter.completeExceptionally(new LeaseLostException(name + " " + waiter.request.range(),
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
    deleteOrOrphan(waiter.request.path());
  }

  private void deleteOrOrphan(String path) {
    try {
      state.delete(path, MetaStateService.ANY_VERSION);
    } catch (NoNodeException alreadyGone) {
      // fine
    } catch (CoordinationException e) {
      if (!state.session().state().isTerminal()) {
        synchronized (this) {
          orphans.add(path); // retried at the next evaluation; dies with the session at the latest
        }
        RangeLockThreads.TIMER.schedule(this::evaluateSoon, RETRY_MILLIS, TimeUnit.MILLISECONDS);
      }
    }
  }

  private void sessionChanged(Session session, SessionState from, SessionState to) {
    List<Grant> grants;
    List<Waiter> waiters = List.of();
    synchronized (this) {
      grants = List.copyOf(held.values());
      if (to.isTerminal()) {
        List<Waiter> all = new ArrayList<>(waiting.values());
        all.addAll(vanished);
        waiters = all;
        held.clear();
        waiting.clear();
        vanished.clear();
        orphans.clear();
        unknownCreates.clear();
      }
    }
    switch (to) {
      case SUSPENDED -> grants.forEach(g -> g.moveTo(LeaseState.UNCERTAIN));
      case CONNECTED -> {
        grants.forEach(g -> g.moveTo(LeaseState.HELD));
        evaluateSoon();
      }
      case EXPIRED, CLOSED -> {
        grants.forEach(g -> g.moveTo(LeaseState.LOST));
        CoordinationException why = to == SessionState.EXPIRED
            ? new SessionExpiredException("session expired while waiting for a key lock in " + name)
            : new ClientClosedException("client closed while waiting for a key lock in " + name);
        waiters.forEach(w -> w.completeExceptionally(why));
      }
    }
  }

  private void ensureSpaceNode() {
    try {
      state.createWithParents(spacePath, new byte[0], CreateMode.PERSISTENT);
    } catch (NodeExistsException alreadyThere) {
      // another client made it first
    }
  }

  private static KeyLease await(Waiter waiter) {
    try {
      return waiter.join();
    } catch (CompletionException e) {
      throw unwrap(e.getCause());
    }
  }

  private static CoordinationException unwrap(Throwable cause) {
    if (cause instanceof CoordinationException ce) {
      return ce;
    }
    return new CoordinationException("key lock request failed: " + cause, false, cause);
  }

  private static void releaseQuietly(Grant grant) {
    try {
      grant.release();
    } catch (CoordinationException e) {
      // the node dies with the session at the latest
    }
  }

  @Override
  public String toString() {
    return "KeyLockSpace[" + name + "]";
  }
}
