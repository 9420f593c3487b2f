package io.metastate.recipes.rangelock;

import io.metastate.lock.LeaseState;

/** Told of every state change of a key lease, in order. Must not block. */
@FunctionalInterface
public interface KeyLeaseListener {
  /** Called once per change. */
  void stateChanged(KeyLease lease, LeaseState from, LeaseState to);
}
