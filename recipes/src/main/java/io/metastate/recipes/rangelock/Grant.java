package io.metastate.recipes.rangelock;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseState;
import io.metastate.provider.EventDispatcher;
import io.metastate.state.MetaStateService;
import io.metastate.state.Op;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/** A granted request: the lease state machine of {@link io.metastate.provider.AbstractLockLease}, for key locks. */
final class Grant implements KeyLease {
  private final Space space;
  final Request request;
  private final FencingToken token;
  private final EventDispatcher events;
  private final Set<KeyLeaseListener> listeners = new CopyOnWriteArraySet<>();
  private LeaseState state = LeaseState.HELD;
  private boolean releasing;

  Grant(Space space, Request request, EventDispatcher events) {
    this.space = space;
    this.request = request;
    this.token = new FencingToken(request.createRevision());
    this.events = events;
  }

  @Override
  public String spaceName() {
    return space.name();
  }

  @Override
  public KeyRange range() {
    return request.range();
  }

  @Override
  public LockMode mode() {
    return request.mode();
  }

  @Override
  public FencingToken token() {
    return token;
  }

  @Override
  public String ownerId() {
    return request.ownerId();
  }

  @Override
  public long sessionId() {
    return request.sessionId();
  }

  @Override
  public synchronized LeaseState state() {
    return state;
  }

  synchronized boolean isReleasing() {
    return releasing;
  }

  /** Moves to {@code next} unless terminal, queueing the notifications in order. */
  boolean moveTo(LeaseState next) {
    synchronized (this) {
      if (state == next || state.isTerminal()) {
        return false;
      }
      LeaseState from = state;
      state = next;
      for (KeyLeaseListener l : listeners) {
        events.execute(() -> l.stateChanged(this, from, next));
      }
      return true;
    }
  }

  @Override
  public void release() {
    synchronized (this) {
      if (state.isTerminal() || releasing) {
        return;
      }
      releasing = true;
    }
    try {
      space.delete(this);
    } catch (RuntimeException e) {
      synchronized (this) {
        releasing = false;
      }
      throw e;
    }
    moveTo(LeaseState.RELEASED);
  }

  @Override
  public void addListener(KeyLeaseListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeListener(KeyLeaseListener listener) {
    listeners.remove(listener);
  }

  @Override
  public String fenceName() {
    return space.name() + " " + request.range();
  }

  @Override
  public boolean isValid() {
    return !state().isTerminal();
  }

  @Override
  public List<Op> guardOps() {
    // The request node exists exactly while the lock is held: it is deleted on release and with the session. Its
    // path names this node and no other, ever: the name carries the request's random nonce, so a node created at
    // the same place later (the space deleted and re-created, sequence numbers started over) has another path. The
    // SPI has no check on createRevision, and ZooKeeper's multi could not express one (its check compares versions).
    return List.of(Op.check(request.path(), MetaStateService.ANY_VERSION));
  }

  @Override
  public String toString() {
    return "KeyLease[" + space.name() + " " + request.range() + " " + request.mode() + ", owner=" + request.ownerId()
        + ", " + token + ", " + state() + "]";
  }
}
