package io.metastate.provider.support;

import java.util.concurrent.CompletableFuture;

/**
 * The future of a queued acquire whose {@code cancel} withdraws the request before it returns. A cancel that returns
 * false leaves the future done (granted or failed): it lost to the outcome, which the caller then holds. Dependent
 * stages are plain futures, so that cancelling one of them withdraws nothing. For lock-like users that are not a
 * {@link io.metastate.lock.DistributedLockService} (key locks, a recipe's own queue); the lock service has its own.
 *
 * @param <T> what the acquire yields (a lease)
 */
public abstract class PendingAcquire<T> extends CompletableFuture<T> {
  @Override
  public final boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      withdraw();
    }
    return cancelled;
  }

  /** Takes the request out of the queue; called once, by the cancel that succeeded. Must not throw. */
  protected abstract void withdraw();

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new CompletableFuture<>();
  }
}
