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
 *   <li>At most one session holds a name at a time. [LOCK-1] Grants of a name carry strictly increasing
 *       {@linkplain FencingToken fencing tokens}, forever.
 *   <li>Locks belong to the {@linkplain #session() session}: asking again for a name the session holds or awaits
 *       fails at once with {@link io.metastate.error.LockAlreadyHeldException} from tryAcquire, acquire and
 *       acquireAsync alike (acquireAsync throws it), and never deadlocks. [LOCK-2]
 *   <li>Waiters are served first come, first served: the lock goes to the waiters in the order their acquire calls
 *       joined the queue. [LOCK-3] Waiters are woken by notification from the backend, not by polling. [LOCK-4]
 *   <li>A lock released while others wait goes to the first waiter: a tryAcquire by a third session in between gets
 *       nothing. [LOCK-5]
 *   <li>An acquire that times out or is cancelled withdraws its waiter: a later release goes to the next waiter or
 *       leaves the lock free. [LOCK-6] Whatever an acquire left on the backend dies with the session at the latest.
 *   <li>Where the backend has a native lock protocol it is used, so that native tools and metastate clients exclude
 *       each other (Curator's InterProcessMutex layout on ZooKeeper, the v3lock service on etcd).
 * </ul>
 * Contention is a value, not an exception: an acquire that cannot get the lock returns an empty Optional. [LOCK-7]
 *
 * <p>Every method validates the lock name (or prefix) first: a name that breaks the rules of {@link LockNames} is
 * rejected with {@link io.metastate.error.InvalidPathException} by tryAcquire, acquire, acquireAsync (thrown), query
 * and forceRelease, and nothing is sent to the backend. [LIMIT-1]
 */
public interface DistributedLockService {
  /** The session that owns every lease granted here. */
  Session session();

  /**
   * Takes the lock if it is free right now, without waiting. tryAcquire of a free lock returns a lease that is HELD.
   * [LOCK-18]
   *
   * <p>A try is an acquire with no time to wait, so the interrupt rule of {@link #acquire} holds: if the calling
   * thread is interrupted on entry, nothing stays claimed, its interrupt flag stays set, and
   * OperationInterruptedException is thrown, as {@code Lock.tryLock(0, unit)} throws InterruptedException.
   *
   * @return the lease, or empty if another session holds the lock or waits ahead of us
   * @throws io.metastate.error.LockAlreadyHeldException if this session holds or awaits the lock
   * @throws io.metastate.error.InvalidPathException if the name is malformed (see {@link LockNames})
   * @throws io.metastate.error.OperationInterruptedException if the thread was interrupted; retry-safe
   */
  Optional<LockLease> tryAcquire(String name);

  /**
   * Waits up to {@code timeout} for the lock. A zero or negative timeout behaves exactly like tryAcquire: one try, no
   * waiting. [LOCK-8] (As {@link java.util.concurrent.locks.Lock#tryLock(long, java.util.concurrent.TimeUnit)} does.)
   *
   * <p>If the calling thread is interrupted on entry or while it waits, the waiter is withdrawn (a grant that raced
   * the interrupt is released), the thread's interrupt flag stays set, and OperationInterruptedException is thrown,
   * on every provider. [LOCK-9] A session that expires while acquire waits makes it throw SessionExpiredException.
   * [LOCK-10]
   *
   * @return the lease, or empty if the timeout passed first (the waiter is withdrawn)
   * @throws io.metastate.error.LockAlreadyHeldException if this session holds or awaits the lock
   * @throws io.metastate.error.SessionExpiredException if the session expires while waiting
   * @throws io.metastate.error.OperationInterruptedException if the thread was interrupted; retry-safe
   */
  Optional<LockLease> acquire(String name, Duration timeout);

  /**
   * Joins the queue for the lock and returns at once. The future of acquireAsync completes with the lease when the
   * lock is granted. [LOCK-11] The future of acquireAsync completes exceptionally if the session is closed or expires first.
   * [LOCK-12]
   * {@link CompletableFuture#cancel(boolean) Cancelling} it withdraws the waiter (rDSN's
   * {@code cancel_pending_lock}). If the grant races the cancellation, the grant is released: a cancel that returned
   * true never leaves the lock held. [LOCK-13]
   *
   * @throws io.metastate.error.LockAlreadyHeldException if this session holds or awaits the lock
   */
  CompletableFuture<LockLease> acquireAsync(String name);

  /**
   * The current holder of a lock and its token, if any session holds it (rDSN's {@code query_lock}). query reports
   * the name, owner id, session id and fencing token of the current grant, and empty for a free lock. [LOCK-14]
   */
  Optional<LockInfo> query(String name);

  /**
   * Every held lock whose name starts with {@code prefix} ({@code ""} for all), sorted by name. list returns exactly
   * the held locks whose names start with the prefix as a string (so a prefix ending in a segment also matches longer
   * segments; end it with a slash to stay below one node), sorted by name. [LOCK-15] A prefix other than the empty
   * string or a valid name optionally followed by a slash is rejected with InvalidPathException. [LIMIT-2]
   *
   * @see LockNames#validatePrefix(String)
   */
  List<LockInfo> list(String prefix);

  /**
   * Administrative release of a lock held by any session. After forceRelease the holder's lease reads LOST, its
   * listeners are told, and the lock goes to the next waiter. [LOCK-16] forceRelease returns whether a holder was
   * removed: false for a free lock. [LOCK-17]
   *
   * @return whether a holder was removed
   */
  boolean forceRelease(String name);
}
