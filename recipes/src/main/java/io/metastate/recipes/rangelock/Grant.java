package io.metastate.recipes.rangelock;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseState;
import io.metastate.provider.EventDispatcher;
import io.metastate.provider.support.LeaseStateMachine;
import io.metastate.session.SessionState;
import io.metastate.state.MetaStateService;
import io.metastate.state.Op;
import java.util.List;

/**
 * A granted request, on the {@link LeaseStateMachine} that {@link io.metastate.provider.AbstractLockLease} uses too:
 * only the listener type and what a release deletes differ.
 */
final class Grant implements KeyLease {
  private final Space space;
  final Request request;
  private final FencingToken token;
  private final LeaseStateMachine<KeyLeaseListener> machine;

  Grant(Space space, Request request, EventDispatcher events) {
    this.space = space;
    this.request = request;
    this.token = new FencingToken(request.createRevision());
    this.machine = new LeaseStateMachine<>(events, (l, from, to) -> l.stateChanged(this, from, to), end -> { });
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

  /**
   * The state as last moved to, except that a grant not ended reads as its session's end once the session reads it
   * ended, as a lock lease does: the space's listener moves it a moment later, and tells its listeners then.
   */
  @Override
  public LeaseState state() {
    LeaseState s = machine.state();
    SessionState session = space.sessionState();
    return !s.isTerminal() && session.isTerminal() ? Evaluator.end(session) : s;
  }

  boolean isReleasing() {
    return machine.isReleasing();
  }

  /** Moves to {@code next} unless terminal, queueing the notifications in order. */
  boolean moveTo(LeaseState next) {
    return machine.moveTo(next);
  }

  @Override
  public void release() {
    machine.release(() -> space.delete(this));
  }

  @Override
  public void addListener(KeyLeaseListener listener) {
    machine.addListener(listener);
  }

  @Override
  public void removeListener(KeyLeaseListener listener) {
    machine.removeListener(listener);
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
