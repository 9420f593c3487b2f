package io.metastate.lock;

import io.metastate.session.Session;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Named distributed locks with fencing tokens (rDSN's {@code distributed_lock_service}, made safe).
 *
 * <p>Contract every provider honours (the TCK checks each line):
 * <ul>
 *   <li>At most one session holds a name at a time. Grants of a name carry strictly increasing
 *       {@linkplain FencingToken fencing tokens}, forever.
 *   <li>Locks belong to the {@linkplain #session() session}: asking again for a name the session holds or awaits
 *       fails at once with {@link io.metastate.error.LockAlreadyHeldException}, never deadlocks.
 *   <li>Waiters are served first come, first served, and woken by notification from the backend, not by polling.
 *   <li>When the session is suspended its leases turn {@link LeaseState#UNCERTAIN}; when it expires they turn
 *       {@link LeaseState#LOST} and their listeners are told.
 *   <li>An acquire that times out or is cancelled withdraws its waiter; whatever it left on the backend dies with
 *       the session at the latest.
 *   <li>Where the backend has a native lock protocol it is used, so that native tools and metastate clients exclude
 *       each other (Curator's InterProcessMutex layout on ZooKeeper, the v3lock service on etcd).
 * </ul>
 * Contention is a value, not an exception: an acquire that cannot get the lock returns an empty Optional.
 */
public interface DistributedLockService {
  /** The session that owns every lease granted here. */
  Session session();

  /**
   * Takes the lock if it is free right now, without waiting.
   *
   * @return the lease, or empty if another session holds the lock or waits ahead of us
   * @throws io.metastate.error.LockAlreadyHeldException if this session holds or awaits the lock
   * @throws io.metastate.error.InvalidPathException if the name is malformed (see {@link LockNames})
   */
  Optional<LockLease> tryAcquire(String name);

  /**
   * Waits up to {@code timeout} for the lock. A zero or negative timeout behaves exactly like
   * {@link #tryAcquire(String)} (one try, no waiting), as {@link java.util.concurrent.locks.Lock#tryLock(long,
   * java.util.concurrent.TimeUnit)} does.
   *
   * <p>If the calling thread is interrupted on entry or while it waits, the waiter is withdrawn (a grant that raced
   * the interrupt is released), the thread's interrupt flag stays set, and
   * {@link io.metastate.error.OperationInterruptedException} is thrown, on every provider.
   *
   * @return the lease, or empty if the timeout passed first (the waiter is withdrawn)
   * @throws io.metastate.error.LockAlreadyHeldException if this session holds or awaits the lock
   * @throws io.metastate.error.SessionExpiredException if the session expires while waiting
   * @throws io.metastate.error.OperationInterruptedException if the thread was interrupted; retry-safe
   */
  Optional<LockLease> acquire(String name, Duration timeout);

  /**
   * Joins the queue for the lock and returns at once. The future completes with the lease when granted, or
   * exceptionally if the session ends first. {@link CompletableFuture#cancel(boolean) Cancelling} it withdraws the
   * waiter (rDSN's {@code cancel_pending_lock}); if the grant races the cancellation, the lease is released.
   *
   * @throws io.metastate.error.LockAlreadyHeldException if this session holds or awaits the lock
   */
  CompletableFuture<LockLease> acquireAsync(String name);

  /** The current holder of a lock and its token, if any session holds it (rDSN's {@code query_lock}). */
  Optional<LockInfo> query(String name);

  /**
   * Every held lock whose name starts with {@code prefix} ({@code ""} for all), sorted by name.
   *
   * @see LockNames#validatePrefix(String)
   */
  List<LockInfo> list(String prefix);

  /**
   * Administrative release of a lock held by any session; its holder's lease turns {@link LeaseState#LOST}.
   *
   * @return whether a holder was removed
   */
  boolean forceRelease(String name);
}
