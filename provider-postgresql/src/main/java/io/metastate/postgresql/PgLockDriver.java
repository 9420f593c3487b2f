package io.metastate.postgresql;

import io.metastate.error.BackendUnavailableException;
import io.metastate.error.ConnectionLossException;
import io.metastate.error.CoordinationException;
import io.metastate.error.LeaseLostException;
import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseState;
import io.metastate.provider.support.ClaimLease;
import io.metastate.provider.support.LockDriver;
import io.metastate.provider.support.QueuePosition;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The lock queue on {@link ClaimRows}, woken by LISTEN/NOTIFY: every removal of a claim notifies {@code l<name>}, and
 * each claim of this client registers its wake-up under its name before it is inserted, so no notification can fall
 * between a check and the wait. A claim, withdrawal or release whose outcome is unknown (the connection broke) is
 * finished in the background by its client-chosen id, and retried until the database answers.
 */
final class PgLockDriver implements LockDriver<Claim, Long> {
  private final PgClient client;
  private final Database db;
  private final ClaimRows rows;
  /** Wake-ups of this client's claims, by claim id. */
  private final Map<UUID, Wake> wakes = new ConcurrentHashMap<>();
  /** Claims to remove once the database answers, with the lease to move to RELEASED then (or null). */
  private final Map<Claim, PendingRemoval> pending = new ConcurrentHashMap<>();
  /** Claims just inserted, whose first position check can use what the insert saw. */
  private final java.util.Set<UUID> firstLook = ConcurrentHashMap.newKeySet();

  private record Wake(String name, Runnable wake) {}

  private record PendingRemoval(ClaimLease<Claim> lease) {}

  PgLockDriver(PgClient client, Database db, ClaimRows rows) {
    this.client = client;
    this.db = db;
    this.rows = rows;
  }

  @Override
  public Claim claim(String name, boolean onlyIfFree, Runnable wake) {
    UUID id = UUID.randomUUID();
    wakes.put(id, new Wake(name, wake));
    try {
      Claim claim = client.ended(() -> db.writeStatement("claim lock '" + name + "'", c -> rows.insert(c, name, id,
          client.sessionId(), client.session().ownerId(), onlyIfFree)));
      if (claim == null) {
        wakes.remove(id);
      } else {
        firstLook.add(id);
      }
      return claim;
    } catch (ConnectionLossException e) {
      // The claim may exist: remove it by its id. The acquire fails (retry-safe), rather than wait on a claim of
      // unknown fate or claim again behind whoever queued meanwhile.
      wakes.remove(id);
      removeLater(Claim.unknown(name, id), null);
      throw new BackendUnavailableException("claiming lock '" + name + "': " + e.getMessage()
          + "; the claim, if it was made, is being removed: acquire again", e);
    } catch (CoordinationException e) {
      wakes.remove(id);
      throw e;
    }
  }

  @Override
  public FencingToken token(Claim claim) {
    return new FencingToken(claim.token());
  }

  @Override
  public QueuePosition<Long> checkHead(Claim claim) {
    if (firstLook.remove(claim.id())) {
      // Fresh from the insert: nothing joins ahead of a claim, so "first" stays true (until a force-release, which
      // notifies); a claim ahead may have left since, which watchPredecessor finds out.
      return claim.ahead() == 0 ? QueuePosition.head() : QueuePosition.behind(claim.ahead());
    }
    List<Long> at = read("check lock '" + claim.name() + "'", () -> client.read("check lock '" + claim.name() + "'",
        c -> rows.position(c, claim)), claim);
    if (at.isEmpty()) {
      if (!client.read("check session", c -> rows.sessionAlive(c, client.sessionId()))) {
        client.pgSession().expire("its row is gone from PostgreSQL (expired on the database clock, or ended)");
        throw client.expiredException();
      }
      throw new LeaseLostException(claim.name(), "its claim (token " + claim.token() + ") was removed from the queue"
          + " (force-released, or the session ended)");
    }
    return at.size() == 1 ? QueuePosition.head() : QueuePosition.behind(at.get(1));
  }

  @Override
  public boolean watchPredecessor(Claim claim, Long predecessor) {
    // The wake-up is registered since the claim was made: a removal notified after this read still wakes us.
    return read("watch lock '" + claim.name() + "'", () -> client.read("watch lock '" + claim.name() + "'",
        c -> rows.exists(c, predecessor)), claim);
  }

  private <T> T read(String what, Supplier<T> call, Claim claim) {
    try {
      return call.get();
    } catch (CoordinationException e) {
      if (e.isRetrySafe()) {
        Wake w = wakes.get(claim.id());
        if (w != null) {
          retryLater(w.wake());
        }
        throw new ConnectionLossException(what + ": " + e.getMessage(), e);
      }
      throw e;
    }
  }

  @Override
  public void withdraw(Claim claim) {
    wakes.remove(claim.id());
    firstLook.remove(claim.id());
    if (!tryDelete(claim)) {
      removeLater(claim, null);
    }
  }

  @Override
  public void release(ClaimLease<Claim> lease) {
    Claim claim = lease.claim();
    wakes.remove(claim.id());
    try {
      client.ended(() -> db.writeStatement("release lock '" + claim.name() + "'", c -> rows.delete(c, claim.name(), claim.id())));
    } catch (CoordinationException e) {
      if (e instanceof ConnectionLossException) {
        lease.detach(); // outcome unknown: UNCERTAIN until the row is surely gone, then RELEASED
        removeLater(claim, lease);
      }
      throw e;
    }
  }

  /** Whether this client's {@code claim} still holds its lock (a read; false if gone or behind another). */
  boolean stillHeld(Claim claim) {
    return client.read("verify lock '" + claim.name() + "'", c -> rows.position(c, claim)).size() == 1;
  }

  /** A queue moved: wake this client's claims on it. */
  void queueMoved(String name) {
    wakes.values().forEach(w -> {
      if (w.name().equals(name)) {
        w.wake().run();
      }
    });
  }

  /** The LISTEN connection came back: notifications may have been missed, so every claim looks again. */
  void wakeAll() {
    wakes.values().forEach(w -> w.wake().run());
  }

  @Override
  public void reconnected() {
    pending.keySet().forEach(this::retryRemoval);
  }

  private boolean tryDelete(Claim claim) {
    try {
      db.writeStatement("withdraw lock claim '" + claim.name() + "'", c -> rows.delete(c, claim.name(), claim.id()));
      return true;
    } catch (CoordinationException e) {
      return false;
    }
  }

  private void removeLater(Claim claim, ClaimLease<Claim> lease) {
    pending.put(claim, new PendingRemoval(lease));
    client.retryLater(() -> retryRemoval(claim));
  }

  private void retryRemoval(Claim claim) {
    PendingRemoval p = pending.get(claim);
    if (p == null) {
      return;
    }
    if (client.pgSession().reportedState().isTerminal()) {
      pending.remove(claim); // the session's end removed every claim of it
      return;
    }
    if (!tryDelete(claim)) {
      client.retryLater(() -> retryRemoval(claim));
      return;
    }
    pending.remove(claim);
    if (p.lease() != null) {
      p.lease().moveTo(LeaseState.RELEASED);
    }
  }

  private void retryLater(Runnable wake) {
    client.retryLater(wake);
  }
}
