package io.metastate.provider;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseListener;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.provider.support.LeaseStateMachine;
import io.metastate.session.SessionState;
import java.util.Objects;

/**
 * The state machine of a lease: HELD and UNCERTAIN alternate, LOST and RELEASED are final. {@link #release()} is
 * final and idempotent; it calls {@link #doRelease()} at most once, and only while the lease is not terminal. The
 * machine itself is the shared {@link LeaseStateMachine}.
 *
 * <p>A lease built on its {@link AbstractSession} is honest on read, before any transition is made: HELD reads
 * UNCERTAIN once the session's last confirmed contact is a full TTL old ({@link AbstractSession#contactLapsed()}), and
 * a lease not yet ended reads LOST once the session reads EXPIRED (the session moves first, the provider's transition
 * of its leases comes after).
 */
public abstract class AbstractLockLease implements LockLease {
  private final String name;
  private final String ownerId;
  private final long sessionId;
  private final FencingToken token;
  private final AbstractSession session;
  private final LeaseStateMachine<LeaseListener> machine;

  /** A lease of {@code session}: owner, session id and event order come from it, and reads are honest. */
  protected AbstractLockLease(String name, AbstractSession session, FencingToken token) {
    this.name = Objects.requireNonNull(name, "name");
    this.session = Objects.requireNonNull(session, "session");
    this.ownerId = session.ownerId();
    this.sessionId = session.id();
    this.token = Objects.requireNonNull(token, "token");
    this.machine = new LeaseStateMachine<>(session.events(), (l, from, to) -> l.stateChanged(this, from, to),
        this::onTerminal);
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

  /**
   * The state as last moved to, except that a lease not ended reads LOST once its session reads EXPIRED, and HELD reads
   * UNCERTAIN once the session's contact has lapsed.
   */
  @Override
  public final LeaseState state() {
    LeaseState s = reportedState();
    if (s.isTerminal()) {
      return s;
    }
    if (session.reportedState() == SessionState.EXPIRED) {
      return LeaseState.LOST;
    }
    return s == LeaseState.HELD && session.contactLapsed() ? LeaseState.UNCERTAIN : s;
  }

  /** The state as last moved to, without the contact check. */
  public final LeaseState reportedState() {
    return machine.state();
  }

  /**
   * Moves to {@code next} unless the lease is terminal, and queues the notification.
   *
   * @return whether the state changed
   */
  public final boolean moveTo(LeaseState next) {
    return machine.moveTo(next);
  }

  @Override
  public final void release() {
    machine.release(this::doRelease);
  }

  /** Removes the lock from the backend. Called at most once per successful state check; may throw. */
  protected abstract void doRelease();

  /** Hook called once when the lease reaches LOST or RELEASED (e.g. to forget it in the session's table). */
  protected void onTerminal(LeaseState state) {}

  @Override
  public final void addListener(LeaseListener listener) {
    machine.addListener(listener);
  }

  @Override
  public final void removeListener(LeaseListener listener) {
    machine.removeListener(listener);
  }

  @Override
  public String toString() {
    return "LockLease[" + name + ", owner=" + ownerId + ", " + token + ", " + state() + "]";
  }
}
