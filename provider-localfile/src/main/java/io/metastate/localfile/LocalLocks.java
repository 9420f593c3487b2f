package io.metastate.localfile;

import io.metastate.error.CoordinationException;
import io.metastate.error.OperationInterruptedException;
import io.metastate.lock.DistributedLockService;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import io.metastate.lock.LockNames;
import io.metastate.session.Session;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The lock service of one client: its session's view of the store's {@link LockTable}. */
final class LocalLocks implements DistributedLockService {
  private final LocalSession session;
  private final LockTable table;

  LocalLocks(LocalSession session, LockTable table) {
    this.session = session;
    this.table = table;
  }

  @Override
  public Session session() {
    return session;
  }

  @Override
  public Optional<LockLease> tryAcquire(String name) {
    LockNames.validate(name);
    session.checkUsable();
    return table.tryAcquire(session, name);
  }

  /**
   * A timeout of zero or less is exactly {@link #tryAcquire}. An interrupt, pending on entry or arriving while the
   * call waits, withdraws the waiter (a grant that raced it is released), keeps the flag set and throws
   * {@link OperationInterruptedException}.
   */
  @Override
  public Optional<LockLease> acquire(String name, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      return tryAcquire(name);
    }
    if (Thread.currentThread().isInterrupted()) {
      LockNames.validate(name);
      throw interrupted(name, null); // nothing was queued yet
    }
    CompletableFuture<LockLease> pending = acquireAsync(name);
    try {
      return Optional.of(pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      if (pending.cancel(false)) {
        return Optional.empty();
      }
      return Optional.of(completed(pending, name)); // settled while we gave up: a grant is kept
    } catch (InterruptedException e) {
      // cancel() withdraws the waiter at once; if the grant won the race, the lease is ours to release.
      if (!pending.cancel(false)) {
        pending.thenAccept(LockLease::release);
      }
      Thread.currentThread().interrupt();
      throw interrupted(name, e);
    } catch (ExecutionException e) {
      throw failed(name, e.getCause());
    } catch (CancellationException e) {
      return Optional.empty();
    }
  }

  /** The lease of a future that is already done, or its failure as the acquire's exception. */
  private static LockLease completed(CompletableFuture<LockLease> done, String name) {
    try {
      return done.join();
    } catch (CompletionException e) {
      throw failed(name, e.getCause());
    }
  }

  private static CoordinationException failed(String name, Throwable cause) {
    if (cause instanceof CoordinationException ce) {
      return ce;
    }
    return new CoordinationException("acquiring lock '" + name + "' failed: " + cause, false, cause);
  }

  private static OperationInterruptedException interrupted(String name, InterruptedException cause) {
    return new OperationInterruptedException("interrupted while acquiring lock '" + name
        + "'; the waiter was withdrawn and nothing is held", cause);
  }

  @Override
  public CompletableFuture<LockLease> acquireAsync(String name) {
    LockNames.validate(name);
    session.checkUsable();
    return table.enqueue(session, name);
  }

  @Override
  public Optional<LockInfo> query(String name) {
    LockNames.validate(name);
    session.checkUsable();
    return table.query(name);
  }

  @Override
  public List<LockInfo> list(String prefix) {
    LockNames.validatePrefix(prefix);
    session.checkUsable();
    return table.list(prefix);
  }

  @Override
  public boolean forceRelease(String name) {
    LockNames.validate(name);
    session.checkUsable();
    return table.forceRelease(name);
  }
}
