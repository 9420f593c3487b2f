package io.metastate.recipes.rangelock;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseState;
import io.metastate.recipes.fenced.Fence;

/**
 * A granted key or range lock. It belongs to the session that requested it and ends when released, when the
 * session expires or closes, or when its request node is deleted by someone else. States are those of a
 * {@link io.metastate.lock.LockLease}: HELD and UNCERTAIN (session suspended) alternate, LOST and RELEASED are final.
 *
 * <p>As a {@link Fence} it guards writes with a check that its request node still exists:
 * {@code FencedWriter.of(client.state(), lease)}.
 */
public interface KeyLease extends Fence, AutoCloseable {
  /** The lock space. */
  String spaceName();

  /** The keys locked. */
  KeyRange range();

  /** The mode. */
  LockMode mode();

  /** The token of this grant: greater than that of every earlier grant that conflicts with it. */
  @Override
  FencingToken token();

  /** The owner id of the holding session. */
  String ownerId();

  /** The id of the holding session. */
  long sessionId();

  /** The current state. */
  LeaseState state();

  /** Whether the lease is HELD right now. */
  default boolean isHeld() {
    return state() == LeaseState.HELD;
  }

  /** Registers a listener for changes after this call. */
  void addListener(KeyLeaseListener listener);

  /** Stops delivery to a listener. */
  void removeListener(KeyLeaseListener listener);

  /**
   * Releases the lock and wakes the waiters it blocked. Idempotent.
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
