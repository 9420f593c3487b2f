package io.metastate.provider.support;

import io.metastate.CoordinationClient;
import io.metastate.error.ClientClosedException;
import io.metastate.error.CoordinationException;
import io.metastate.error.SessionExpiredException;
import io.metastate.lock.DistributedLockService;
import io.metastate.provider.AbstractSession;
import io.metastate.session.Session;
import io.metastate.session.SessionState;
import io.metastate.state.MetaStateService;
import java.util.ArrayList;
import java.util.List;

/**
 * The shell of a provider's client: its services, "is it still usable", and the order of closing. A provider
 * supplies its session and services ({@link #serve}, from its constructor) and the steps of closing that touch its
 * engine; the shell runs them once, in this order, each even if an earlier one failed:
 * <ol>
 *   <li>{@link #beginClose()}: stop what would judge the session while it closes (heartbeats, expiry timers);
 *   <li>{@link #stopWatches()}: no watch event after close (WATCH-2);
 *   <li>{@link #endLeases()}: leases RELEASED, waiters failed with {@link ClientClosedException} (SESSION-4);
 *   <li>{@link #endSession()}: the backend ends the session, deleting its locks and ephemeral nodes (SESSION-2);
 *   <li>the session moves to {@link SessionState#CLOSED}, telling its listeners once (SESSION-3);
 *   <li>{@link #releaseEngine()}: connections, threads and files of the client are let go.
 * </ol>
 * A second {@link #close()} does nothing. (SESSION-6)
 *
 * <p>The provider's session reports each of its transitions to {@link #sessionChanged}, which passes it on to the
 * leases, waiters and watches the same way for every provider; the provider adds its own steps through
 * {@link #reconnecting()}, {@link #loseLeases} and {@link #afterExpiry()}.
 */
public abstract class AbstractCoordinationClient implements CoordinationClient {
  private final String providerName;
  private final String description;
  private volatile AbstractSession session;
  private volatile AbstractLockService<?, ?> locks;
  private volatile MetaStateService state;
  private volatile boolean closed;

  /**
   * @param providerName what {@link #providerName()} answers
   * @param description how messages name the client ({@code "etcd client"})
   */
  protected AbstractCoordinationClient(String providerName, String description) {
    this.providerName = providerName;
    this.description = description;
  }

  /** Sets the session and services; the subclass's constructor calls it once, before the client is handed out. */
  protected final void serve(AbstractSession session, AbstractLockService<?, ?> locks, MetaStateService state) {
    if (this.session != null) {
      throw new IllegalStateException(description + ": services already set");
    }
    this.session = session;
    this.locks = locks;
    this.state = state;
  }

  @Override
  public final String providerName() {
    return providerName;
  }

  @Override
  public final Session session() {
    return session;
  }

  @Override
  public final DistributedLockService locks() {
    return locks;
  }

  @Override
  public final MetaStateService state() {
    return state;
  }

  /** Whether {@link #close()} was called. */
  public final boolean isClosed() {
    return closed;
  }

  /** Throws if the client may no longer act: closed, or its session expired. */
  public final void checkUsable() {
    CoordinationException unusable = unusable();
    if (unusable != null) {
      throw unusable;
    }
  }

  /** The exception {@link #checkUsable()} would throw, or null if the client may act. */
  public final CoordinationException unusable() {
    if (closed) {
      return closedException();
    }
    return session.state() == SessionState.EXPIRED ? expiredException() : null;
  }

  /** The exception for a call on the closed client. (SESSION-4) */
  public final ClientClosedException closedException() {
    return new ClientClosedException("this " + description + " is closed; open a new one");
  }

  /** The exception for a call after the session expired; providers say what the backend reported. */
  public SessionExpiredException expiredException() {
    return new SessionExpiredException("session 0x" + Long.toHexString(session.id()) + " of this " + description
        + " expired: its locks and ephemeral nodes are gone; open a new client");
  }

  /**
   * Passes a transition of the session on: SUSPENDED, the leases read UNCERTAIN; CONNECTED, {@link #reconnecting()},
   * then the leases read HELD again and the waiters check their place; EXPIRED, {@link #loseLeases} (leases LOST,
   * waiters failed), the watches closed ({@link #stopWatches()}) and {@link #afterExpiry()}; CLOSED, nothing: close()
   * did the work. The provider's session calls it after each transition.
   */
  protected final void sessionChanged(SessionState to) {
    switch (to) {
      case SUSPENDED -> locks.suspended();
      case CONNECTED -> {
        reconnecting();
        locks.reconnected();
      }
      case EXPIRED -> {
        loseLeases(expiredException());
        stopWatches();
        afterExpiry();
      }
      case CLOSED -> { }
    }
  }

  /** The session is CONNECTED again, before the leases hear of it: e.g. resynchronise watches. Nothing by default. */
  protected void reconnecting() {}

  /** The session EXPIRED: every lease LOST, every waiter failed with {@code cause}. */
  protected void loseLeases(CoordinationException cause) {
    locks.expired(cause);
  }

  /** Last step of an expiry, after leases and watches: e.g. make sure the backend ended it too. Nothing by default. */
  protected void afterExpiry() {}

  @Override
  public final void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    List<RuntimeException> failures = new ArrayList<>();
    step(this::beginClose, failures);
    step(this::stopWatches, failures);
    step(this::endLeases, failures);
    step(this::endSession, failures);
    step(() -> session.moveTo(SessionState.CLOSED), failures);
    step(this::releaseEngine, failures);
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.subList(1, failures.size()).forEach(first::addSuppressed);
      throw first;
    }
  }

  private static void step(Runnable step, List<RuntimeException> failures) {
    try {
      step.run();
    } catch (RuntimeException e) {
      failures.add(e);
    }
  }

  /** First step of closing: stop what would judge the session meanwhile. Nothing by default. */
  protected void beginClose() {}

  /**
   * Closes the session's watches, on close and on expiry. Nothing by default (for an engine that does it in
   * {@link #endSession()}).
   */
  protected void stopWatches() {}

  /** Ends the session's leases and waiters. Nothing by default (as {@link #stopWatches()}). */
  protected void endLeases() {}

  /** Ends the session at the backend: its locks and ephemeral nodes go with it. */
  protected abstract void endSession();

  /** Lets go of the engine: connections, threads, files. */
  protected abstract void releaseEngine();

  @Override
  public String toString() {
    return description + "[" + session + "]";
  }
}
