package io.metastate.localfile;

import io.metastate.Ticker;
import io.metastate.error.BackendUnavailableException;
import io.metastate.error.ClientClosedException;
import io.metastate.error.SessionExpiredException;
import io.metastate.provider.AbstractSession;
import io.metastate.provider.EventDispatcher;
import io.metastate.session.SessionState;
import java.time.Duration;

/**
 * An entry of the in-process lease table. The store's keep-alive renews the lease on every pass unless the keep-alive
 * was stopped (the test hook for a client cut off from its backend); the reaper expires a lease whose deadline, read on
 * the session's {@link Ticker}, has passed, whether or not its keep-alive runs: a pass that comes after the deadline
 * is too late to renew. Each renewal is the session's contact with its backend, reported at the
 * reading it was made on, so that reads turn SUSPENDED/UNCERTAIN as soon as the ticker says the lease ran out.
 */
final class LocalSession extends AbstractSession {
  private final long ttlNanos;
  /** The lock service of this session's client; its leases follow the session's transitions. */
  private volatile LocalLocks locks;
  private long deadline;
  private boolean keepAliveStopped;
  /** EXPIRED or CLOSED once the session began to end; new work is refused from then on. */
  private volatile SessionState ending;

  LocalSession(long id, String ownerId, Duration ttl, EventDispatcher events, Ticker ticker, long createdAtNanos) {
    super(id, ownerId, ttl, events, ticker, createdAtNanos);
    this.ttlNanos = ttl.toNanos();
    this.deadline = createdAtNanos + ttlNanos;
  }

  /** One pass of keep-alive and reaper: renews the lease, or says it ran out. */
  synchronized boolean renewOrExpired() {
    if (ending != null) {
      return false;
    }
    long now = ticker().read();
    if (now - deadline >= 0) {
      // The lease ran out before this pass: the keep-alive stopped, or time jumped (a process pause, a moved test
      // clock). A backend in another process would have expired it meanwhile; renewing now would resurrect it.
      return true;
    }
    if (!keepAliveStopped) {
      deadline = now + ttlNanos;
      confirmContact(now);
    }
    return false;
  }

  /** Stops the keep-alive: the session turns SUSPENDED and expires once its TTL passes without a resume. */
  void suspend() {
    synchronized (this) {
      if (ending != null) {
        return;
      }
      keepAliveStopped = true;
    }
    moveTo(SessionState.SUSPENDED);
  }

  /** Restarts the keep-alive if the lease is still alive. */
  void resume() {
    synchronized (this) {
      if (ending != null || !keepAliveStopped) {
        return;
      }
      long now = ticker().read();
      if (now - deadline >= 0) {
        return; // ran out: the reaper will expire it
      }
      keepAliveStopped = false;
      deadline = now + ttlNanos;
      confirmContact(now);
    }
    moveTo(SessionState.CONNECTED);
  }

  /** Marks the session as ending; returns false if it already was. */
  synchronized boolean beginEnd(SessionState terminal) {
    if (ending != null || state().isTerminal()) {
      return false;
    }
    ending = terminal;
    return true;
  }

  /** Refuses work once the session ended or while it is cut off. */
  void checkUsable() {
    SessionState end = ending;
    SessionState now = state();
    if (end == SessionState.CLOSED || now == SessionState.CLOSED) {
      throw new ClientClosedException("the local-file client was closed; open a new one");
    }
    if (end == SessionState.EXPIRED || now == SessionState.EXPIRED) {
      throw new SessionExpiredException("session 0x" + Long.toHexString(id())
          + " expired: its locks and ephemeral nodes are gone; close this client and open a new one");
    }
    if (now == SessionState.SUSPENDED) {
      throw new BackendUnavailableException("session 0x" + Long.toHexString(id())
          + " is suspended (its keep-alive is stopped, or has not renewed it within its TTL); nothing was applied,"
          + " retry once it is CONNECTED again", null);
    }
  }

  boolean isEnding() {
    return ending != null;
  }

  void attach(LocalLocks locks) {
    this.locks = locks;
  }

  LocalLocks locks() {
    return locks;
  }

  @Override
  protected void onStateChanged(SessionState from, SessionState to) {
    LocalLocks l = locks;
    if (l == null) {
      return;
    }
    if (to == SessionState.SUSPENDED) {
      l.suspended();
    } else if (to == SessionState.CONNECTED) {
      l.reconnected();
    }
  }
}
