package io.metastate.provider;

import io.metastate.Ticker;
import io.metastate.session.Session;
import io.metastate.session.SessionListener;
import io.metastate.session.SessionState;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state machine and ordered listener delivery every provider's session needs. A provider calls
 * {@link #moveTo(SessionState)} when its backend reports a change; illegal transitions (anything out of a terminal
 * state) are ignored, so racing reporters cannot resurrect a dead session.
 *
 * <p><b>Honest on read.</b> The provider reports each confirmed contact with the backend through
 * {@link #confirmContact(long)}, stamped with the {@link Ticker} reading taken when the confirmed request was
 * <em>sent</em>. Once the ticker says that contact is a full TTL old, {@link #state()} reads
 * {@link SessionState#SUSPENDED} (and leases built on this session read UNCERTAIN) even if no transition was made yet:
 * the backend may already have expired the session, for example in the first instant after a process pause, before
 * any I/O. The provider's own machinery then moves the session on (CONNECTED after a new contact, or EXPIRED).
 */
public abstract class AbstractSession implements Session {
  private final long id;
  private final String ownerId;
  private final Duration ttl;
  private final EventDispatcher events;
  private final Ticker ticker;
  private final long ttlNanos;
  private final Set<SessionListener> listeners = new CopyOnWriteArraySet<>();
  private final AtomicLong lastContactNanos;
  private SessionState state = SessionState.CONNECTED;

  /**
   * @param ticker the clock all session and lease time is read on
   * @param contactAtNanos the ticker reading when the request that created the session was sent
   */
  protected AbstractSession(long id, String ownerId, Duration ttl, EventDispatcher events, Ticker ticker,
      long contactAtNanos) {
    if (id == 0) {
      throw new IllegalArgumentException("session id must not be 0 (0 means 'no owner')");
    }
    this.id = id;
    this.ownerId = Objects.requireNonNull(ownerId, "ownerId");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.events = Objects.requireNonNull(events, "events");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.ttlNanos = ttl.toNanos();
    this.lastContactNanos = new AtomicLong(contactAtNanos);
  }


  /** The clock this session and its leases read time on. */
  public final Ticker ticker() {
    return ticker;
  }

  /**
   * Records a confirmed contact: the backend answered a request (or keep-alive) that was sent at {@code sentAtNanos}
   * (a {@link #ticker()} reading). Earlier stamps than the latest are ignored.
   */
  public final void confirmContact(long sentAtNanos) {
    lastContactNanos.accumulateAndGet(sentAtNanos, (a, b) -> b - a > 0 ? b : a);
  }

  /** Time since the send time of the last confirmed contact, on the ticker. */
  public final Duration sinceContact() {
    return Duration.ofNanos(ticker.read() - lastContactNanos.get());
  }

  /**
   * Whether the last confirmed contact is a full TTL old or older: the backend may already have expired the session.
   */
  public final boolean contactLapsed() {
    return ticker.read() - lastContactNanos.get() >= ttlNanos;
  }

  @Override
  public final long id() {
    return id;
  }

  @Override
  public final String ownerId() {
    return ownerId;
  }

  @Override
  public final Duration ttl() {
    return ttl;
  }

  /**
   * The state as last moved to, except that CONNECTED reads SUSPENDED once {@linkplain #contactLapsed() contact has
   * lapsed}.
   */
  @Override
  public final SessionState state() {
    SessionState s = reportedState();
    return s == SessionState.CONNECTED && contactLapsed() ? SessionState.SUSPENDED : s;
  }

  /** The state as last moved to, without the contact check (for the provider's own transition logic). */
  public final synchronized SessionState reportedState() {
    return state;
  }

  /** The dispatcher that delivers this session's notifications; lease notifications share it to stay in order. */
  public final EventDispatcher events() {
    return events;
  }

  /**
   * Moves to {@code next} if the contract allows it from the current state, and queues the notification.
   *
   * @return whether the state changed
   */
  public final boolean moveTo(SessionState next) {
    SessionState from;
    synchronized (this) {
      if (state == next || !state.canMoveTo(next)) {
        return false;
      }
      from = state;
      state = next;
      // Queue while holding the monitor, so notifications keep the order of the transitions.
      for (SessionListener l : listeners) {
        events.execute(() -> l.stateChanged(this, from, next));
      }
    }
    onStateChanged(from, next);
    return true;
  }

  /** Hook for subclasses, called after each transition on the thread that made it. */
  protected void onStateChanged(SessionState from, SessionState to) {}

  @Override
  public final void addListener(SessionListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public final void removeListener(SessionListener listener) {
    listeners.remove(listener);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[id=" + Long.toHexString(id) + ", owner=" + ownerId + ", " + state() + "]";
  }
}
