package io.metastate.lock;

/**
 * A granted lock. A lease belongs to the session that acquired it, not to a thread: any thread of the session may
 * release it, and no thread of the session can acquire the lock again while it is held. [LEASE-1] It ends when
 * released, when the session expires or closes, or when an administrator force-releases it.
 *
 * <p>Release is idempotent; a lease is {@link AutoCloseable} so that try-with-resources releases it:
 * <pre>{@code
 * try (LockLease lease = locks.acquire("orders", Duration.ofSeconds(5)).orElseThrow()) {
 *   write(lease.token(), ...);
 * }
 * }</pre>
 */
public interface LockLease extends AutoCloseable {
  /** The lock's name. The name of a lease is the name given to the acquire that granted it. [LEASE-2] */
  String name();

  /** The owner id of the session that holds it. */
  String ownerId();

  /** The id of the session that holds it. The ownerId and sessionId of a lease are those of its session. [LEASE-3] */
  long sessionId();

  /** The fencing token of this grant: strictly greater than every earlier grant's of the same name. */
  FencingToken token();

  /**
   * The current state; may change at any moment after it is read. Honest on read: a HELD lease reads UNCERTAIN once
   * its session's last confirmed contact is a full TTL old on the config's ticker, before any transition is made.
   * [LEASE-4]
   */
  LeaseState state();

  /**
   * Whether the lease is {@link LeaseState#HELD} right now. A holder checks it before acting, and fences its
   * writes with {@link #token()} or with {@link io.metastate.state.Op#lockHeld(LockLease)} in the same transaction.
   */
  default boolean isHeld() {
    return state() == LeaseState.HELD;
  }

  /**
   * Registers a listener for state changes after this call. A registered listener is told every later state change
   * of the lease once, in order, as FROM and TO states. [LEASE-5] If the lease is already terminal, the listener is
   * never called. [LEASE-6] Adding the same listener twice has no further effect: it is still told each change once.
   * [LEASE-7]
   */
  void addListener(LeaseListener listener);

  /** Stops delivery to a listener. After removeListener returns, the listener is told no further change. [LEASE-8] */
  void removeListener(LeaseListener listener);

  /**
   * Releases the lock, waking the next waiter. After release returns, the lock is free for other sessions, or
   * granted to the first waiter. [LEASE-9] Idempotent: releasing a released or lost lease does nothing, and a lost
   * lease stays LOST. [LEASE-10] release moves the lease to RELEASED unless it was already terminal, and tells its
   * listeners HELD to RELEASED. [LEASE-11]
   *
   * @throws io.metastate.error.ConnectionLossException if the backend could not be told; the lock then ends with
   *     the session at the latest
   */
  void release();

  /** Same as {@link #release()}: closing a lease (try-with-resources) releases it. [LEASE-12] */
  @Override
  default void close() {
    release();
  }
}
