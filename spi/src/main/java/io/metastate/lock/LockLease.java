package io.metastate.lock;

/**
 * A granted lock. It belongs to the session that acquired it (not to a thread) and ends when released, when the
 * session expires or closes, or when an administrator force-releases it.
 *
 * <p>Release is idempotent; a lease is {@link AutoCloseable} so that try-with-resources releases it:
 * <pre>{@code
 * try (LockLease lease = locks.acquire("orders", Duration.ofSeconds(5)).orElseThrow()) {
 *   write(lease.token(), ...);
 * }
 * }</pre>
 */
public interface LockLease extends AutoCloseable {
  /** The lock's name. */
  String name();

  /** The owner id of the session that holds it. */
  String ownerId();

  /** The id of the session that holds it. */
  long sessionId();

  /** The fencing token of this grant: strictly greater than every earlier grant's of the same name. */
  FencingToken token();

  /** The current state; may change at any moment after it is read. */
  LeaseState state();

  /**
   * Whether the lease is {@link LeaseState#HELD} right now. A holder checks it before acting, and fences its
   * writes with {@link #token()} or with {@link io.metastate.state.Op#lockHeld(LockLease)} in the same transaction.
   */
  default boolean isHeld() {
    return state() == LeaseState.HELD;
  }

  /**
   * Registers a listener for state changes after this call. If the lease is already terminal, the listener is not
   * called.
   */
  void addListener(LeaseListener listener);

  /** Stops delivery to a listener. */
  void removeListener(LeaseListener listener);

  /**
   * Releases the lock, waking the next waiter. Idempotent: releasing a released or lost lease does nothing. Moves
   * the lease to {@link LeaseState#RELEASED} unless it was already terminal.
   *
   * @throws io.metastate.error.ConnectionLossException if the backend could not be told; the lock then ends with
   *     the session at the latest
   */
  void release();

  /** Same as {@link #release()}. */
  @Override
  default void close() {
    release();
  }
}
