package io.metastate.recipes.fenced;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LockLease;
import io.metastate.state.Op;
import java.util.List;
import java.util.Objects;

/** A lock lease as a fence: valid until released or lost; the backend checks it with {@link Op#lockHeld}. */
final class LeaseFence implements Fence {
  private final LockLease lease;

  LeaseFence(LockLease lease) {
    this.lease = Objects.requireNonNull(lease, "lease");
  }

  @Override
  public String fenceName() {
    return lease.name();
  }

  @Override
  public FencingToken token() {
    return lease.token();
  }

  @Override
  public boolean isValid() {
    // UNCERTAIN is not terminal: the backend decides, and a suspended client cannot reach it anyway.
    return !lease.state().isTerminal();
  }

  @Override
  public List<Op> guardOps() {
    return List.of(Op.lockHeld(lease));
  }

  @Override
  public String toString() {
    return "Fence[" + lease + "]";
  }
}
