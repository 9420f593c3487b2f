package io.metastate.postgresql;

import io.metastate.error.ConfigurationException;
import io.metastate.error.CoordinationException;
import io.metastate.error.LeaseLostException;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import io.metastate.provider.support.AbstractLockService;
import io.metastate.provider.support.ClaimLease;
import io.metastate.provider.support.LockDirectory;
import io.metastate.session.SessionState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Named locks on the support layer's lock service, with {@link PgLockDriver} as the queue. Beyond the driver: the
 * read side (query, list, force-release: its {@code Directory}), the fenced-write check of {@code Op.lockHeld}, and
 * leases that notice when their claim is taken away (force-release, or missed while cut off): they read LOST then.
 */
final class PgLocks extends AbstractLockService<Claim, Long> {
  private final PgClient client;
  private final ClaimRows rows;
  private final PgLockDriver driver;
  private final Executor io;
  /** This client's live leases, by claim id, to check when their queue moves. */
  private final Map<UUID, ClaimLease<Claim>> leases = new ConcurrentHashMap<>();

  PgLocks(PgClient client, Database db, ClaimRows rows, PgLockDriver driver, Executor io) {
    super(client.pgSession(), driver, new Directory(client, db, rows), io);
    this.client = client;
    this.rows = rows;
    this.driver = driver;
    this.io = io;
  }

  @Override
  protected void checkUsable() {
    client.checkUsable();
  }

  @Override
  protected ClaimLease<Claim> newLease(String name, Claim claim) {
    ClaimLease<Claim> lease = new ClaimLease<>(this, name, claim);
    leases.put(claim.id(), lease);
    return lease;
  }

  /** After a reconnection a lease is HELD again only once its claim is seen first in its queue; LOST if it is gone. */
  @Override
  protected void leaseReconnected(ClaimLease<Claim> lease) {
    io.execute(() -> verify(lease, true));
  }

  /** A queue moved: wake our waiters on it, and check our leases on it (a force-release takes them away). */
  void queueMoved(String name) {
    driver.queueMoved(name);
    leases.values().forEach(l -> {
      if (l.name().equals(name)) {
        io.execute(() -> verify(l, false));
      }
    });
  }

  /** The LISTEN connection came back: what it missed is read again. */
  void listenerReconnected() {
    driver.wakeAll();
    leases.values().forEach(l -> io.execute(() -> verify(l, false)));
  }

  private void verify(ClaimLease<Claim> lease, boolean thenHeld) {
    if (lease.reportedState().isTerminal()) {
      leases.remove(lease.claim().id());
      return;
    }
    boolean held;
    try {
      held = driver.stillHeld(lease.claim());
    } catch (CoordinationException e) {
      if (thenHeld && client.unusable() == null) {
        // A reconnected lease stays UNCERTAIN until it is verified: ask again shortly, no other event will.
        client.retryLater(() -> io.execute(() -> verify(lease, true)));
      }
      return; // otherwise the next reconnection or notification checks again
    }
    if (!held) {
      leases.remove(lease.claim().id());
      lease.moveTo(LeaseState.LOST);
    } else if (thenHeld && client.pgSession().reportedState() == SessionState.CONNECTED) {
      lease.moveTo(LeaseState.HELD);
    }
  }

  /** Fails unless {@code lease} is one of this provider's and this schema's. */
  void checkOurs(LockLease lease) {
    if (!(lease instanceof ClaimLease<?> ours) || !(ours.claim() instanceof Claim)) {
      throw new ConfigurationException("Op.lockHeld got a lease from another provider (" + lease.getClass().getName()
          + "): fenced multi-ops need metastate.lock.provider and metastate.state.provider on one backend"
          + " (here: postgresql)");
    }
  }

  /** Inside a transaction: fails with LeaseLostException unless the lease's claim is first in its queue now. */
  void checkHeld(Connection c, LockLease lease) throws SQLException {
    Claim claim = (Claim) ((ClaimLease<?>) lease).claim();
    LeaseState s = ((ClaimLease<?>) lease).reportedState();
    if (s.isTerminal() || !rows.holds(c, claim, lease.sessionId())) {
      throw new LeaseLostException(lease.name(), "the lease is " + lease.state() + " (token " + claim.token()
          + "); acquire the lock again");
    }
  }

  /** Query, list and force-release: the first row of a name's queue holds the lock. */
  private record Directory(PgClient client, Database db, ClaimRows rows) implements LockDirectory {
    @Override
    public Optional<LockInfo> query(String name) {
      return client.read("query lock '" + name + "'", c -> rows.holder(c, name));
    }

    @Override
    public List<LockInfo> list(String prefix) {
      return client.read("list locks under '" + prefix + "'", c -> rows.holders(c, prefix));
    }

    @Override
    public boolean forceRelease(String name) {
      return client.ended(() -> db.writeStatement("force-release lock '" + name + "'",
          c -> rows.deleteHead(c, name)));
    }
  }
}
