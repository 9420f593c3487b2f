package io.metastate.localfile;

import io.metastate.provider.support.AbstractLockService;
import io.metastate.provider.support.ClaimLease;
import io.metastate.provider.support.LockDriver;
import io.metastate.provider.support.QueuePosition;

/** The lock service of one client: its session's claims in the store's {@link LockTable}. */
final class LocalLocks extends AbstractLockService<LocalClaim, LocalClaim> {
  private final LocalSession session;
  private final LockTable table;

  LocalLocks(LocalSession session, LockTable table) {
    super(session, new Driver(session, table), table, table.executor());
    this.session = session;
    this.table = table;
    session.attach(this);
  }

  @Override
  protected void checkUsable() {
    session.checkUsable();
  }

  @Override
  protected ClaimLease<LocalClaim> newLease(String name, LocalClaim claim) {
    LocalLease lease = new LocalLease(this, name, claim, table);
    table.attach(lease);
    return lease;
  }

  /** The table's queue, for one session. */
  private record Driver(LocalSession session, LockTable table) implements LockDriver<LocalClaim, LocalClaim> {
    @Override
    public LocalClaim claim(String name, boolean onlyIfFree, Runnable wake) {
      return table.claim(session, name, onlyIfFree, wake);
    }

    @Override
    public io.metastate.lock.FencingToken token(LocalClaim claim) {
      return claim.token;
    }

    @Override
    public QueuePosition<LocalClaim> checkHead(LocalClaim claim) {
      return table.position(claim);
    }

    @Override
    public boolean watchPredecessor(LocalClaim claim, LocalClaim predecessor) {
      return table.watch(claim, predecessor);
    }

    @Override
    public void withdraw(LocalClaim claim) {
      table.remove(claim, null);
    }

    @Override
    public void release(ClaimLease<LocalClaim> lease) {
      table.remove(lease.claim(), lease);
    }
  }
}
