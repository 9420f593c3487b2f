package io.metastate.provider.support;

/**
 * Where a claim stands in its lock's queue, as {@link LockDriver#checkHead} saw it: first (it holds the lock), or
 * behind a predecessor whose departure it must wait for.
 *
 * @param <P> how the driver names a predecessor (a znode path, a claim key and revision, a row id)
 * @param predecessor the claim just ahead, or {@code null} when this claim is first
 */
public record QueuePosition<P>(P predecessor) {
  /** The claim is first in the queue: the lock is granted to it. */
  public static <P> QueuePosition<P> head() {
    return new QueuePosition<>(null);
  }

  /** The claim waits behind {@code predecessor}, which must not be null. */
  public static <P> QueuePosition<P> behind(P predecessor) {
    if (predecessor == null) {
      throw new IllegalArgumentException("predecessor must not be null (use QueuePosition.head())");
    }
    return new QueuePosition<>(predecessor);
  }

  /** Whether the claim is first, that is holds the lock. */
  public boolean isHead() {
    return predecessor == null;
  }
}
