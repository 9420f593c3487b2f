package io.metastate.recipes.election;

import io.metastate.CoordinationClient;
import io.metastate.error.CoordinationException;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.provider.EventDispatcher;
import io.metastate.provider.support.ComponentThreads;
import io.metastate.session.Session;
import io.metastate.session.SessionListener;
import io.metastate.session.SessionState;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The candidate's state machine. Every transition runs on {@link #serial}, one at a time, so the lock future, the
 * lease's state changes, the uncertainty timer, resign and close never race; user listeners run on
 * {@link #notifier} so that a slow listener cannot stall the machine. Whether a term still leads is decided by the
 * {@link UncertaintyPolicy}, on the timer and on every read.
 */
final class Candidate implements LeaderCandidate {
  private static final Logger LOG = Logger.getLogger(Candidate.class.getName());
  private static final Duration RETRY_DELAY = Duration.ofMillis(200);

  private final CoordinationClient client;
  private final String electionName;
  private final LeaderNode leaderNode;
  private final LeadershipListener listener;
  private final TermWatch watch;
  private final boolean requeue;
  private final ComponentThreads threads = ComponentThreads.of("election");
  private final EventDispatcher serial = new EventDispatcher(threads);
  private final EventDispatcher notifier = new EventDispatcher(threads);
  private final SessionListener sessionListener = this::sessionChanged;
  private final Lobby lobby = new Lobby();

  // Written only on the serial executor; volatile for the readers on other threads.
  private volatile CompletableFuture<LockLease> pending;
  private volatile Term current;
  private volatile boolean closed;
  private volatile boolean ended;
  /** A term whose lease could not be released (backend unreachable); retried when the lease is HELD again. */
  private Term unreleased;

  Candidate(CoordinationClient client, String electionName, byte[] metadata, LeadershipListener listener,
      UncertaintyPolicy policy, boolean requeue) {
    this.client = client;
    this.electionName = electionName;
    this.leaderNode = new LeaderNode(client.state(), electionName, metadata);
    this.listener = listener;
    this.watch = new TermWatch(client.locks().session(), policy, serial, threads, (term, reason) -> {
      if (term == current) {
        revoke(term, reason);
      }
    });
    this.requeue = requeue;
  }

  void start() {
    leaderNode.ensureElectionNode();
    client.locks().session().addListener(sessionListener);
    try {
      // The first request runs on the caller's thread so that its errors (a second candidate on one session, a
      // dead client) reach the caller.
      enqueue();
    } catch (RuntimeException e) {
      end(); // nothing was queued: this only stops listening and ends the threads
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
    return t != null && t.lease().isHeld() && stillLeading(t);
  }

  @Override
  public Optional<Leadership> leadership() {
    Term t = current;
    return t != null && stillLeading(t) ? Optional.of(t) : Optional.empty();
  }

  /** Whether {@code term} still leads, by the {@link UncertaintyPolicy}, read now. */
  boolean stillLeading(Term term) {
    return watch.stillLeading(term);
  }

  @Override
  public Optional<Leadership> awaitLeadership(Duration timeout) {
    return lobby.await(timeout, this::leadership, () -> ended);
  }

  @Override
  public void resign() {
    ElectionThreads.runAndWait(serial, () -> {
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
    ElectionThreads.runAndWait(serial, () -> {
      cancelPending();
      Term t = current;
      if (t != null) {
        revoke(t, LossReason.CLOSED);
      } else if (unreleased != null && leaderNode.stepDown(unreleased)) {
        unreleased = null;
      }
      end();
    });
  }

  private void enqueue() {
    CompletableFuture<LockLease> request = client.locks().acquireAsync(ElectionLayout.lockName(electionName));
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
    threads.schedule(() -> serial.execute(this::requeue), RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void granted(CompletableFuture<LockLease> request, LockLease lease, Throwable error) {
    if (request != pending) {
      if (lease != null) {
        LeaderNode.releaseQuietly(lease); // a withdrawn request that was granted anyway
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
      LeaderNode.releaseQuietly(lease);
      return;
    }
    Term term = new Term(this, lease);
    lease.addListener(term);
    boolean published;
    try {
      published = leaderNode.publish(term);
    } catch (CoordinationException e) {
      LOG.log(Level.WARNING, "election " + electionName + ": could not publish the leader node", e);
      published = false;
    }
    if (!published) {
      if (!leaderNode.stepDown(term)) {
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
    lobby.signal();
    notifier.execute(() -> listener.elected(term));
    LeaseState now = lease.state();
    if (now != LeaseState.HELD) {
      leaseChangedOnSerial(term, now); // changed before the listener was added
    }
  }

  void leaseChanged(Term term, LeaseState to) {
    serial.execute(() -> leaseChangedOnSerial(term, to));
  }

  private void leaseChangedOnSerial(Term term, LeaseState to) {
    if (term != current) {
      if (term == unreleased && (to == LeaseState.HELD || to.isTerminal())) {
        if (to.isTerminal() || leaderNode.stepDown(term)) {
          unreleased = null;
          requeueIfWanted();
        }
      }
      return;
    }
    switch (to) {
      case UNCERTAIN -> watch.uncertain(term);
      case HELD -> watch.held(term);
      case LOST, RELEASED -> revoke(term, LossReason.LEASE_LOST);
    }
  }

  /** Ends a term: tells the listener, steps down, and queues again if wanted. Runs on the serial executor. */
  private void revoke(Term term, LossReason reason) {
    current = null;
    term.revoke();
    notifier.execute(() -> listener.revoked(term, reason));
    if (!term.lease().state().isTerminal() && !leaderNode.stepDown(term)) {
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

  private void sessionChanged(Session session, SessionState from, SessionState to) {
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
    lobby.signal();
    threads.close(); // what still comes (a late grant to release, a resign) runs on the caller
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

  @Override
  public String toString() {
    return "LeaderCandidate[" + electionName + ", " + (current != null ? current : ended ? "ended" : "waiting") + "]";
  }
}
