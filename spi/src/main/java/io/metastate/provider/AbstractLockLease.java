package io.metastate.provider;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseListener;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The state machine of a lease: HELD and UNCERTAIN alternate, LOST and RELEASED are final. {@link #release()} is
 * final and idempotent; it calls {@link #doRelease()} at most once, and only while the lease is not terminal.
 *
 * <p>A lease built on its {@link AbstractSession} is honest on read: HELD reads UNCERTAIN once the session's last
 * confirmed contact is a full TTL old ({@link AbstractSession#contactLapsed()}), before any transition is made.
 */
public abstract class AbstractLockLease implements LockLease {
  private final String name;
  private final String ownerId;
  private final long sessionId;
  private final FencingToken token;
  private final EventDispatcher events;
  private final AbstractSession session;
  private final Set<LeaseListener> listeners = new CopyOnWriteArraySet<>();
  private LeaseState state = LeaseState.HELD;
  private boolean releasing;

  /** A lease of {@code session}: owner, session id and event order come from it, and reads are honest. */
  protected AbstractLockLease(String name, AbstractSession session, FencingToken token) {
    this.name = Objects.requireNonNull(name, "name");
    this.session = Objects.requireNonNull(session, "session");
    this.ownerId = session.ownerId();
    this.sessionId = session.id();
    this.token = Objects.requireNonNull(token, "token");
    this.events = session.events();
  }


  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String ownerId() {
    return ownerId;
  }

  @Override
  public final long sessionId() {
    return sessionId;
  }

  @Override
  public final FencingToken token() {
    return token;
  }

  /** The state as last moved to, except that HELD reads UNCERTAIN once the session's contact has lapsed. */
  @Override
  public final LeaseState state() {
    LeaseState s = reportedState();
    return s == LeaseState.HELD && session.contactLapsed() ? LeaseState.UNCERTAIN : s;
  }

  /** The state as last moved to, without the contact check. */
  public final synchronized LeaseState reportedState() {
    return state;
  }

  /**
   * Moves to {@code next} unless the lease is terminal, and queues the notification.
   *
   * @return whether the state changed
   */
  public final boolean moveTo(LeaseState next) {
    synchronized (this) {
      if (state == next || state.isTerminal()) {
        return false;
      }
      LeaseState from = state;
      state = next;
      for (LeaseListener l : listeners) {
        events.execute(() -> l.stateChanged(this, from, next));
      }
    }
    if (next.isTerminal()) {
      onTerminal(next);
    }
    return true;
  }

  @Override
  public final void release() {
    synchronized (this) {
      if (state.isTerminal() || releasing) {
        return;
      }
      releasing = true;
    }
    try {
      doRelease();
    } catch (RuntimeException e) {
      synchronized (this) {
        releasing = false;
      }
      throw e;
    }
    moveTo(LeaseState.RELEASED);
  }

  /** Removes the lock from the backend. Called at most once per successful state check; may throw. */
  protected abstract void doRelease();

  /** Hook called once when the lease reaches LOST or RELEASED (e.g. to forget it in the session's table). */
  protected void onTerminal(LeaseState state) {}

  @Override
  public final void addListener(LeaseListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public final void removeListener(LeaseListener listener) {
    listeners.remove(listener);
  }

  @Override
  public String toString() {
    return "LockLease[" + name + ", owner=" + ownerId + ", " + token + ", " + state() + "]";
  }
}
