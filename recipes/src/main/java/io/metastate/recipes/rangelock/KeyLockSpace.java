package io.metastate.recipes.rangelock;

import io.metastate.CoordinationClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A named space of keys that can be locked one by one or by range, on behalf of a client's session.
 *
 * <pre>{@code
 * try (KeyLockSpace space = KeyLockSpace.open(client, "players")) {
 *   try (KeyLease lease = space.lock(KeyRange.of("p-1000", "p-2000"), LockMode.WRITE, Duration.ofSeconds(5))
 *       .orElseThrow()) {
 *     FencedWriter.of(client.state(), lease).set("/players/p-1234", bytes, MetaStateService.ANY_VERSION);
 *   }
 * }
 * }</pre>
 *
 * <p>A session asking for a lock that conflicts with one it already holds or awaits in the same space gets
 * {@link io.metastate.error.LockAlreadyHeldException} at once, never a deadlock; overlapping READ locks of one
 * session are fine.
 */
public interface KeyLockSpace extends AutoCloseable {
  /**
   * Opens a lock space, creating its node if needed.
   *
   * @throws io.metastate.error.InvalidPathException if the name is not a valid lock name
   *     ({@link io.metastate.lock.LockNames})
   */
  static KeyLockSpace open(CoordinationClient client, String spaceName) {
    return Space.open(client, spaceName);
  }

  /** The space's name. */
  String name();

  /** Takes the lock if nothing conflicting is held or awaited ahead of it; empty otherwise. */
  Optional<KeyLease> tryLock(KeyRange range, LockMode mode);

  /**
   * Waits up to {@code timeout} for the lock; empty if the timeout passed first (the request is withdrawn). The
   * rule of {@link io.metastate.lock.DistributedLockService#acquire}: a timeout of zero or less is exactly
   * {@link #tryLock(KeyRange, LockMode)}; if the calling thread is interrupted on entry or while it waits, the request
   * is withdrawn (a grant that raced the interrupt is released), the interrupt flag stays set, and
   * {@link io.metastate.error.OperationInterruptedException} is thrown.
   *
   * @throws io.metastate.error.OperationInterruptedException if the thread was interrupted; retry-safe
   */
  Optional<KeyLease> lock(KeyRange range, LockMode mode, Duration timeout);

  /**
   * Queues a request and returns once it is queued. The future completes with the lease when granted, or
   * exceptionally when the session ends first; cancelling it withdraws the request (a grant racing the
   * cancellation is released).
   */
  CompletableFuture<KeyLease> lockAsync(KeyRange range, LockMode mode);

  /** {@link #tryLock(KeyRange, LockMode)} on one key. */
  default Optional<KeyLease> tryLock(String key, LockMode mode) {
    return tryLock(KeyRange.point(key), mode);
  }

  /** {@link #lock(KeyRange, LockMode, Duration)} on one key. */
  default Optional<KeyLease> lock(String key, LockMode mode, Duration timeout) {
    return lock(KeyRange.point(key), mode, timeout);
  }

  /** Every lock granted in the space right now, by any session, in grant-token order. */
  List<KeyLockInfo> holders();

  /** Withdraws this handle's waiting requests and releases its leases; idempotent. */
  @Override
  void close();
}
