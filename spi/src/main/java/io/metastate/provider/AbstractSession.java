package io.metastate.provider;

import io.metastate.session.Session;
import io.metastate.session.SessionListener;
import io.metastate.session.SessionState;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The state machine and ordered listener delivery every provider's session needs. A provider calls
 * {@link #moveTo(SessionState)} when its backend reports a change; illegal transitions (anything out of a terminal
 * state) are ignored, so racing reporters cannot resurrect a dead session.
 */
public abstract class AbstractSession implements Session {
  private final long id;
  private final String ownerId;
  private final Duration ttl;
  private final EventDispatcher events;
  private final Set<SessionListener> listeners = new CopyOnWriteArraySet<>();
  private SessionState state = SessionState.CONNECTED;

  protected AbstractSession(long id, String ownerId, Duration ttl, EventDispatcher events) {
    if (id == 0) {
      throw new IllegalArgumentException("session id must not be 0 (0 means 'no owner')");
    }
    this.id = id;
    this.ownerId = Objects.requireNonNull(ownerId, "ownerId");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.events = Objects.requireNonNull(events, "events");
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

  @Override
  public final synchronized SessionState state() {
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
