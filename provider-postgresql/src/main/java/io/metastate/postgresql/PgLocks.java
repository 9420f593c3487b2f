package io.metastate.postgresql;

import io.metastate.error.CoordinationException;
import io.metastate.lock.DistributedLockService;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import io.metastate.session.Session;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Placeholder until the support layer's lock service lands. */
final class PgLocks implements DistributedLockService {
  private final PgClient client;

  PgLocks(PgClient client, Database db, SqlNames sql) {
    this.client = client;
  }

  void suspended() {}

  void reconnected() {}

  void expired(CoordinationException cause) {}

  void closed() {}

  void queueMoved(String name) {}

  void listenerReconnected() {}

  void checkOurs(LockLease lease) {
    throw new UnsupportedOperationException("locks are not there yet");
  }

  void checkHeld(Connection c, LockLease lease) {
    throw new UnsupportedOperationException("locks are not there yet");
  }

  @Override
  public Session session() {
    return client.session();
  }

  @Override
  public Optional<LockLease> tryAcquire(String name) {
    throw new UnsupportedOperationException("locks are not there yet");
  }

  @Override
  public Optional<LockLease> acquire(String name, Duration timeout) {
    throw new UnsupportedOperationException("locks are not there yet");
  }

  @Override
  public CompletableFuture<LockLease> acquireAsync(String name) {
    throw new UnsupportedOperationException("locks are not there yet");
  }

  @Override
  public Optional<LockInfo> query(String name) {
    throw new UnsupportedOperationException("locks are not there yet");
  }

  @Override
  public List<LockInfo> list(String prefix) {
    throw new UnsupportedOperationException("locks are not there yet");
  }

  @Override
  public boolean forceRelease(String name) {
    throw new UnsupportedOperationException("locks are not there yet");
  }
}
