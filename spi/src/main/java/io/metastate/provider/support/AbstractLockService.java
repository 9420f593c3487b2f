package io.metastate.provider.support;

import io.metastate.error.ClientClosedException;
import io.metastate.error.CoordinationException;
import io.metastate.error.OperationInterruptedException;
import io.metastate.lock.DistributedLockService;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import io.metastate.lock.LockNames;
import io.metastate.provider.AbstractSession;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * The lock service every provider shares (as Curator's {@code LockInternals} and ShedLock's
 * {@code StorageBasedLockProvider} are shared): the backend supplies a {@link LockDriver} and the read side, a
 * {@link LockDirectory} (query, list, force-release); this class owns everything the contract of
 * {@link DistributedLockService} asks beyond that:
 * <ul>
 *   <li>name validation and the usable-client check ({@link #checkUsable()}) before anything is sent;
 *   <li>the per-session table of waiters and leases by name: a second acquire of a name this session holds or awaits
 *       fails with {@link LockAlreadyHeldException};
 *   <li>the acquire rule: a timeout of zero or less is exactly tryAcquire; a thread interrupted on entry (tryAcquire
 *       included: nothing is sent) or while it waits withdraws its waiter, releases a grant that raced the interrupt,
 *       keeps its interrupt flag and throws {@link OperationInterruptedException}; a timeout withdraws the waiter but
 *       keeps a grant that won the race;
 *   <li>the future of acquireAsync, whose {@code cancel} withdraws the waiter (and releases a racing grant) before it
 *       returns;
 *   <li>the session-to-lease transitions, one method each, which the provider calls when its session moves:
 *       {@link #suspended()} (leases UNCERTAIN), {@link #reconnected()} (HELD again, waiters re-checked),
 *       {@link #expired} (leases LOST, waiters fail) and {@link #closed()} (leases RELEASED, waiters fail). A grant
 *       made while the session is SUSPENDED reads UNCERTAIN, and one made after it ended is ended at once.
 * </ul>
 * CLOSED versus EXPIRED: closing is the holder letting go ({@link io.metastate.session.SessionState#CLOSED}: "its locks were released"), so
 * a closed session's leases end RELEASED; an expired session's locks were taken away, so they end LOST. The service
 * only moves states: removing the session's claims is the backend's end of the session (ZooKeeper's session close,
 * etcd's lease revoke, a local table's cleanup).
 *
 * @param <C> the driver's claim type
 * @param <P> the driver's predecessor type
 */
public abstract class AbstractLockService<C, P> implements DistributedLockService {
  private final AbstractSession session;
  private final LockDriver<C, P> driver;
  private final LockDirectory directory;
  private final Executor executor;
  private final SessionLocks<C, P> locks = new SessionLocks<>();

  /**
   * @param session the session every lease belongs to
   * @param driver the backend's queue
   * @param directory the backend's read side, for query, list and force-release
   * @param executor runs the steps of asynchronous acquires after the first; must not run tasks on the caller
   */
  protected AbstractLockService(AbstractSession session, LockDriver<C, P> driver, LockDirectory directory,
      Executor executor) {
    this.session = Objects.requireNonNull(session, "session");
    this.driver = Objects.requireNonNull(driver, "driver");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  @Override
  public final AbstractSession session() {
    return session;
  }

  /** The backend's queue. */
  protected final LockDriver<C, P> driver() {
    return driver;
  }

  /** Throws the provider's exception if the client is closed, its session expired, or it cannot be used now. */
  protected abstract void checkUsable();

  /** Builds the lease of a claim that came first; override to return a provider's own {@link ClaimLease}. */
  protected ClaimLease<C> newLease(String name, C claim) {
    return new ClaimLease<>(this, name, claim);
  }

  @Override
  public final Optional<LockLease> tryAcquire(String name) {
    LockNames.validate(name);
    checkUsable();
    if (Thread.currentThread().isInterrupted()) {
      throw interrupted(name, null); // before anything is sent: nothing to withdraw
    }
    Object marker = new Object();
    locks.reserve(name, marker);
    try {
      C claim = driver.claim(name, true, () -> { });
      if (claim == null) {
        return Optional.empty(); // someone holds it or waits: nothing was queued
      }
      QueuePosition<P> position;
      try {
        position = driver.checkHead(claim);
      } catch (RuntimeException e) {
        driver.withdraw(claim);
        throw e;
      }
      if (position.isHead()) {
        return Optional.of(grant(name, marker, claim));
      }
      driver.withdraw(claim);
      return Optional.empty();
    } finally {
      forget(name, marker);
    }
  }

  @Override
  public final Optional<LockLease> acquire(String name, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      return tryAcquire(name); // exactly one try, as Lock.tryLock(time, unit) does
    }
    LockNames.validate(name);
    checkUsable();
    if (Thread.currentThread().isInterrupted()) {
      throw interrupted(name, null);
    }
    Waiter<C, P> waiter = start(name, true);
    long deadline = System.nanoTime() + timeout.toNanos();
    CompletableFuture<LockLease> f = waiter.future();
    try {
      while (true) {
        waiter.step();
        if (f.isDone()) {
          return Optional.of(f.get());
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          waiter.withdraw(); // synchronously: when we return, our claim is gone
          return granted(f).map(LockLease.class::cast); // granted just before: the caller holds it now
        }
        waiter.awaitWake(left);
      }
    } catch (ExecutionException e) {
      throw unwrap(name, e.getCause());
    } catch (InterruptedException e) {
      // The flag is clear now, so the withdrawal can wait for the backend's answer; it is set again after.
      OperationInterruptedException thrown = interrupted(name, e);
      try {
        waiter.withdraw();
        granted(f).ifPresent(LockLease::release); // granted in the race: the caller gets no lease
      } catch (RuntimeException releaseFailed) {
        thrown.addSuppressed(releaseFailed); // the driver finishes the release later, or the session's end does
      }
      Thread.currentThread().interrupt();
      throw thrown;
    }
  }

  @Override
  public final CompletableFuture<LockLease> acquireAsync(String name) {
    LockNames.validate(name);
    checkUsable();
    Waiter<C, P> waiter = start(name, false);
    waiter.step(); // joins the queue before returning: grants follow the order in which these calls returned
    return waiter.future();
  }

  @Override
  public final Optional<LockInfo> query(String name) {
    LockNames.validate(name);
    checkUsable();
    return directory.query(name);
  }

  @Override
  public final List<LockInfo> list(String prefix) {
    LockNames.validatePrefix(prefix);
    checkUsable();
    return directory.list(prefix);
  }

  @Override
  public final boolean forceRelease(String name) {
    LockNames.validate(name);
    checkUsable();
    return directory.forceRelease(name);
  }

  // ---- session transitions

  /** The session is SUSPENDED: every lease reads UNCERTAIN. */
  public final void suspended() {
    locks.moveLeases(lease -> lease.moveTo(LeaseState.UNCERTAIN));
  }

  /** The session is CONNECTED again: every lease reads HELD, every waiter checks its position again. */
  public final void reconnected() {
    List<Waiter<C, P>> waiters = locks.moveLeases(this::leaseReconnected);
    driver.reconnected();
    waiters.forEach(Waiter::wake);
  }

  /**
   * Called for each live lease when the session is CONNECTED again: moves it to HELD. A provider that must first check
   * that the claim survived the disconnection overrides it (moving the lease to HELD or LOST once it knows); it runs
   * under the service's table monitor, so it must not block.
   */
  protected void leaseReconnected(ClaimLease<C> lease) {
    lease.moveTo(LeaseState.HELD);
  }

  /** The session EXPIRED: every lease is LOST, every waiter fails with {@code cause}. */
  public final void expired(CoordinationException cause) {
    for (Waiter<C, P> w : locks.end(LeaseState.LOST)) {
      w.fail(cause); // outside the table's monitor: a failing waiter withdraws its claim
    }
  }

  /** The session was CLOSED by its client: every lease is RELEASED, every waiter fails with ClientClosedException. */
  public final void closed() {
    for (Waiter<C, P> w : locks.end(LeaseState.RELEASED)) {
      w.fail(new ClientClosedException("the client was closed while waiting for lock '" + w.name() + "'"));
    }
  }

  // ---- for the waiters and leases

  private Waiter<C, P> start(String name, boolean callerDriven) {
    Waiter<C, P> waiter = new Waiter<>(this, name, callerDriven, executor);
    locks.reserve(name, waiter);
    return waiter;
  }

  /** Makes the lease of a claim that came first, in place of {@code reservation}. */
  final ClaimLease<C> grant(String name, Object reservation, C claim) {
    ClaimLease<C> lease = newLease(name, claim);
    locks.granted(lease, reservation, session::reportedState);
    return lease;
  }

  final void forget(String name, Object entry) {
    locks.forget(name, entry);
  }

  final void forget(ClaimLease<C> lease) {
    locks.forget(lease);
  }

  final void detach(ClaimLease<C> lease) {
    locks.detach(lease);
  }

  private static Optional<ClaimLease<?>> granted(CompletableFuture<LockLease> f) {
    if (f.isDone() && !f.isCompletedExceptionally()) {
      return Optional.of((ClaimLease<?>) f.join());
    }
    return Optional.empty();
  }

  private static RuntimeException unwrap(String name, Throwable cause) {
    if (cause instanceof RuntimeException r) {
      return r;
    }
    return new CoordinationException("acquiring lock '" + name + "' failed: " + cause, false, cause);
  }

  private static OperationInterruptedException interrupted(String name, InterruptedException cause) {
    return new OperationInterruptedException("interrupted while acquiring lock '" + name
        + "'; the waiter was withdrawn and nothing is held, the interrupt flag is still set", cause);
  }
}
