package io.metastate.lock;

/** Told of every state change of a lease, in order (see {@link LockLease#addListener}). Must not block. */
@FunctionalInterface
public interface LeaseListener {
  /**
   * @param lease the lease that changed
   * @param from the state it left
   * @param to the state it entered
   */
  void stateChanged(LockLease lease, LeaseState from, LeaseState to);
}
