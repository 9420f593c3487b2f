package io.metastate.provider.support;

import io.metastate.lock.FencingToken;

/**
 * The few calls a backend supplies so that {@link AbstractLockService} can run its locks (as Curator's
 * {@code LockInternalsDriver} does for {@code LockInternals}). The backend keeps, per lock name, a queue of
 * <em>claims</em> in arrival order; the first claim holds the lock; every other claim waits for the one just ahead
 * of it (its predecessor) to leave, so that a release wakes one waiter, not all. ZooKeeper: ephemeral sequential
 * nodes, ordered by sequence number. etcd: claim keys bound to the session lease, ordered by create revision.
 * PostgreSQL: a waiter row per claim, ordered by a sequence, woken by LISTEN/NOTIFY. Local-file: an in-memory queue.
 *
 * <p>The service calls the driver for one claim from one thread at a time, and never while it holds a lock of its own,
 * so a driver may block on I/O. Backend safety (a create whose reply was lost, a read from a lagging replica, a
 * delete whose outcome is unknown) belongs here, behind these calls: the service only sees their outcome.
 *
 * <p>Errors: a driver throws {@link io.metastate.error.CoordinationException}s, already mapped from its backend. A
 * {@link io.metastate.error.ConnectionLossException} from {@link #checkHead} or {@link #watchPredecessor} means "cannot
 * tell now": a waiting claim stays queued and is checked again when the driver calls its wake-up or the session
 * {@linkplain AbstractLockService#reconnected() reconnects}. A call interrupted while it waits throws
 * {@link io.metastate.error.OperationInterruptedException} with the thread's interrupt flag set again.
 *
 * @param <C> the driver's handle of one claim (a node path and its czxid, a key and its revision, a row id)
 * @param <P> how the driver names a predecessor in {@link QueuePosition}
 */
public interface LockDriver<C, P> {
  /**
   * Joins the queue of lock {@code name}. When this returns, the claim's place in the queue is fixed, so grants follow
   * the order in which claims returned. If the driver cannot tell whether the claim was made (its reply was lost), it
   * returns a claim that finds out in {@link #checkHead}, or throws after arranging that whatever was made is removed.
   *
   * @param onlyIfFree make no claim at all if anyone holds or awaits the lock (for tryAcquire)
   * @param wake to call whenever the claim's position should be checked again (its watched predecessor left, the
   *     connection came back); from any thread, any number of times; it never blocks
   * @return the claim, or {@code null} if {@code onlyIfFree} and the queue is not empty
   */
  C claim(String name, boolean onlyIfFree, Runnable wake);

  /** The fencing token a claim holds its lock with: greater than that of every earlier grant of the name. */
  FencingToken token(C claim);

  /**
   * Looks where the claim stands: first, or behind its predecessor.
   *
   * @throws io.metastate.error.LeaseLostException if the claim is gone from the queue (removed by someone else)
   */
  QueuePosition<P> checkHead(C claim);

  /**
   * Asks for the claim's wake-up once {@code predecessor} has left the queue (a watch or a notification: never
   * polling).
   *
   * @return false if the predecessor is gone already: check the position again now
   */
  boolean watchPredecessor(C claim, P predecessor);

  /**
   * Removes a claim that will not hold the lock (timeout, cancel, interrupt, a failed waiter, a tryAcquire that was
   * not first). Never throws: what cannot be removed now is removed later, or dies with the session.
   */
  void withdraw(C claim);

  /**
   * Removes the claim of a lease its holder released; when this returns normally the lock is free or granted to the
   * next claim. If the outcome is unknown (the connection broke), the driver {@linkplain ClaimLease#detach() detaches}
   * the lease, finishes the removal later and then moves the lease to RELEASED, and throws.
   */
  void release(ClaimLease<C> lease);

  /**
   * The session is connected again: redo what connection loss left undone (e.g. removing claims whose fate was
   * unknown). The service wakes its waiters itself.
   */
  default void reconnected() {}
}
