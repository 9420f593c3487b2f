package io.metastate.localfile;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseState;
import io.metastate.provider.AbstractLockLease;

/** A grant from the {@link LockTable}; releasing it wakes the next waiter. */
final class LocalLease extends AbstractLockLease {
  private final LocalSession session;
  private final LockTable table;

  LocalLease(String name, LocalSession session, FencingToken token, LockTable table) {
    super(name, session, token);
    this.session = session;
    this.table = table;
  }

  LocalSession session() {
    return session;
  }

  LockTable table() {
    return table;
  }

  @Override
  protected void doRelease() {
    table.release(this);
  }

  @Override
  protected void onTerminal(LeaseState state) {
    session.leases.remove(this);
  }
}
