package io.metastate.recipes.election;

import io.metastate.CoordinationClient;
import io.metastate.error.CoordinationException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.NodeExistsException;
import io.metastate.error.TransactionFailedException;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.provider.EventDispatcher;
import io.metastate.session.SessionListener;
import io.metastate.session.SessionState;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The candidate's state machine. Every transition runs on {@link #serial}, one at a time, so the lock future, the
 * lease's state changes, the uncertainty timer, resign and close never race; user listeners run on
 * {@link #notifier} so that a slow listener cannot stall the machine.
 */
final class Candidate implements LeaderCandidate {
  private static final Logger LOG = Logger.getLogger(Candidate.class.getName());
  private static final Duration RETRY_DELAY = Duration.ofMillis(200);
  private static final int PUBLISH_ATTEMPTS = 5;

  private final CoordinationClient client;
  private final MetaStateService state;
  private final String electionName;
  private final String lockName;
  private final String leaderPath;
  private final byte[] metadata;
  private final LeadershipListener listener;
  private final Duration uncertaintyBound;
  private final boolean requeue;
  private final EventDispatcher serial = new EventDispatcher(ElectionThreads.POOL);
  private final EventDispatcher notifier = new EventDispatcher(ElectionThreads.POOL);
  private final SessionListener sessionListener = this::sessionChanged;
  private final Object monitor = new Object();

  // Written only on the serial executor; volatile for the readers on other threads.
  private volatile CompletableFuture<LockLease> pending;
  private volatile Term current;
  private volatile boolean closed;
  private volatile boolean ended;
  /** A term whose lease could not be released (backend unreachable); retried when the lease is HELD again. */
  private Term unreleased;

  Candidate(CoordinationClient client, String electionName, byte[] metadata, LeadershipListener listener,
      Duration uncertaintyBound, boolean requeue) {
    this.client = client;
    this.state = client.state();
    this.electionName = electionName;
    this.lockName = ElectionLayout.lockName(electionName);
    this.leaderPath = ElectionLayout.leaderPath(electionName);
    this.metadata = metadata;
    this.listener = listener;
    this.uncertaintyBound = uncertaintyBound;
    this.requeue = requeue;
  }

  void start() {
    ensureElectionNode();
    client.locks().session().addListener(sessionListener);
    try {
      // The first request runs on the caller's thread so that its errors (a second candidate on one session, a
      // dead client) reach the caller.
      enqueue();
    } catch (RuntimeException e) {
      client.locks().session().removeListener(sessionListener);
      ended = true;
      throw e;
    }
  }

  @Override
  public String electionName() {
    return electionName;
  }

  @Override
  public boolean isLeader() {
    Term t = current;
    return t != null && t.lease().isHeld();
  }

  @Override
  public Optional<Leadership> leadership() {
    return Optional.ofNullable(current);
  }

  @Override
  public Optional<Leadership> awaitLeadership(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (true) {
        Term t = current;
        if (t != null) {
          return Optional.of(t);
        }
        long left = deadline - System.nanoTime();
        if (ended || left <= 0) {
          return Optional.empty();
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(monitor, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      }
    }
  }

  @Override
  public void resign() {
    onSerial(() -> {
      Term t = current;
      if (t != null) {
        revoke(t, LossReason.RESIGNED);
      }
    });
  }

  @Override
  public boolean isActive() {
    return !ended;
  }

  @Override
  public void close() {
    closed = true;
    onSerial(() -> {
      cancelPending();
      Term t = current;
      if (t != null) {
        revoke(t, LossReason.CLOSED);
      } else if (unreleased != null && stepDown(unreleased)) {
        unreleased = null;
      }
      end();
    });
  }

  /** Runs a transition on the serial executor and waits for it: resign and close return when done. */
  private void onSerial(Runnable transition) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    serial.execute(() -> {
      try {
        transition.run();
      } finally {
        done.complete(null);
      }
    });
    done.join();
  }

  private void ensureElectionNode() {
    try {
      state.createWithParents(ElectionLayout.electionPath(electionName), new byte[0], CreateMode.PERSISTENT);
    } catch (NodeExistsException alreadyThere) {
      // another candidate made it first
    }
  }

  private void enqueue() {
    CompletableFuture<LockLease> request = client.locks().acquireAsync(lockName);
    pending = request;
    request.whenComplete((lease, error) -> serial.execute(() -> granted(request, lease, error)));
  }

  /** Queues again after a term or a failed request, unless the candidate is done. Runs on the serial executor. */
  private void requeue() {
    if (closed || ended || pending != null || current != null) {
      return;
    }
    if (sessionOver()) {
      end();
      return;
    }
    if (unreleased != null) {
      return; // queued again once the old lease is released or lost: the lock service refuses a second request
    }
    try {
      enqueue();
    } catch (CoordinationException e) {
      if (sessionOver()) {
        end();
      } else {
        LOG.log(Level.FINE, "election " + electionName + ": request failed, retrying", e);
        retryLater();
      }
    }
  }

  private void retryLater() {
    ElectionThreads.TIMER.schedule(() -> serial.execute(this::requeue), RETRY_DELAY.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void granted(CompletableFuture<LockLease> request, LockLease lease, Throwable error) {
    if (request != pending) {
      if (lease != null) {
        releaseQuietly(lease); // a withdrawn request that was granted anyway
      }
      return;
    }
    pending = null;
    if (error != null) {
      if (!closed && !sessionOver()) {
        LOG.log(Level.FINE, "election " + electionName + ": lock request failed, retrying", error);
        retryLater();
      } else {
        end();
      }
      return;
    }
    if (closed || ended) {
      releaseQuietly(lease);
      return;
    }
    Term term = new Term(this, lease);
    lease.addListener(term);
    boolean published;
    try {
      published = publish(term);
    } catch (CoordinationException e) {
      LOG.log(Level.WARNING, "election " + electionName + ": could not publish the leader node", e);
      published = false;
    }
    if (!published) {
      if (!stepDown(term)) {
        unreleased = term;
      }
      if (sessionOver()) {
        end();
      } else {
        retryLater();
      }
      return;
    }
    current = term;
    signal();
    notifier.execute(() -> listener.elected(term));
    LeaseState now = lease.state();
    if (now != LeaseState.HELD) {
      leaseChangedOnSerial(term, now); // changed before the listener was added
    }
  }

  /**
   * Writes the leader node, fenced by the lease: replaces a leftover node of an earlier leader (force-released, or
   * not yet cleaned up), and retries when another writer races.
   */
  private boolean publish(Term term) {
    byte[] record = ElectionLayout.encode(term.token(), client.locks().session().id(),
        client.locks().session().ownerId(), metadata);
    for (int attempt = 0; attempt < PUBLISH_ATTEMPTS; attempt++) {
      if (!term.isValid()) {
        return false;
      }
      Optional<Node> leftover = state.get(leaderPath);
      List<Op> ops = new ArrayList<>(3);
      ops.add(Op.lockHeld(term.lease()));
      leftover.ifPresent(node -> ops.add(Op.delete(leaderPath, node.stat().version())));
      ops.add(Op.create(leaderPath, record, CreateMode.EPHEMERAL));
      try {
        state.multi(ops);
        return true;
      } catch (TransactionFailedException e) {
        if (e.reason() instanceof LeaseLostException) {
          return false;
        }
        // the leftover changed under us: read again
      }
    }
    return false;
  }

  void leaseChanged(Term term, LeaseState to) {
    serial.execute(() -> leaseChangedOnSerial(term, to));
  }

  private void leaseChangedOnSerial(Term term, LeaseState to) {
    if (term != current) {
      if (term == unreleased && (to == LeaseState.HELD || to.isTerminal())) {
        if (to.isTerminal() || stepDown(term)) {
          unreleased = null;
          requeueIfWanted();
        }
      }
      return;
    }
    switch (to) {
      case UNCERTAIN -> {
        long episode = ++term.uncertainEpisode;
        if (uncertaintyBound.isZero()) {
          revoke(term, LossReason.UNCERTAIN_TOO_LONG);
        } else {
          ElectionThreads.TIMER.schedule(() -> serial.execute(() -> uncertainTooLong(term, episode)),
              uncertaintyBound.toNanos(), TimeUnit.NANOSECONDS);
        }
      }
      case HELD -> term.uncertainEpisode++;
      case LOST, RELEASED -> revoke(term, LossReason.LEASE_LOST);
    }
  }

  private void uncertainTooLong(Term term, long episode) {
    if (term == current && term.uncertainEpisode == episode && term.lease().state() == LeaseState.UNCERTAIN) {
      revoke(term, LossReason.UNCERTAIN_TOO_LONG);
    }
  }

  /** Ends a term: tells the listener, steps down, and queues again if wanted. Runs on the serial executor. */
  private void revoke(Term term, LossReason reason) {
    current = null;
    term.revoke();
    notifier.execute(() -> listener.revoked(term, reason));
    if (!term.lease().state().isTerminal() && !stepDown(term)) {
      unreleased = term;
      return;
    }
    if (reason != LossReason.CLOSED) {
      requeueIfWanted();
    }
  }

  private void requeueIfWanted() {
    if (requeue) {
      requeue();
    } else if (current == null && pending == null) {
      end();
    }
  }

  /** Unpublishes the leader node (if still ours) and releases the lock; false if the backend could not be told. */
  private boolean stepDown(Term term) {
    try {
      Optional<Node> node = state.get(leaderPath);
      if (node.isPresent() && ElectionLayout.decode(electionName, node.get().data())
          .map(info -> info.token().equals(term.token())).orElse(false)) {
        state.multi(List.of(Op.lockHeld(term.lease()), Op.delete(leaderPath, node.get().stat().version())));
      }
    } catch (CoordinationException bestEffort) {
      // The node is ephemeral and every write is fenced: a leftover dies with the session or is replaced.
    }
    try {
      term.lease().release();
      return true;
    } catch (CoordinationException e) {
      LOG.log(Level.FINE, "election " + electionName + ": release failed; retrying when reconnected", e);
      return term.lease().state().isTerminal();
    }
  }

  private void sessionChanged(io.metastate.session.Session session, SessionState from, SessionState to) {
    if (to.isTerminal()) {
      serial.execute(() -> {
        Term t = current;
        if (t != null) {
          revoke(t, LossReason.LEASE_LOST);
        }
        end();
      });
    }
  }

  private void end() {
    if (ended) {
      return;
    }
    ended = true;
    cancelPending();
    client.locks().session().removeListener(sessionListener);
    signal();
  }

  private void cancelPending() {
    CompletableFuture<LockLease> request = pending;
    pending = null;
    if (request != null) {
      request.cancel(false); // withdraws the waiter; a grant racing it is released in granted()
    }
  }

  private boolean sessionOver() {
    return client.locks().session().state().isTerminal();
  }

  private void signal() {
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }

  private static void releaseQuietly(LockLease lease) {
    try {
      lease.release();
    } catch (CoordinationException e) {
      // the lock ends with the session at the latest
    }
  }

  @Override
  public String toString() {
    return "LeaderCandidate[" + electionName + ", " + (current != null ? current : ended ? "ended" : "waiting") + "]";
  }
}
