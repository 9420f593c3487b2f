package io.metastate.recipes.rangelock;

import java.util.concurrent.CompletableFuture;

/** A queued request's future; cancelling it withdraws the request node before returning. */
final class Waiter extends CompletableFuture<KeyLease> {
  private final Space space;
  final Request request;

  Waiter(Space space, Request request) {
    this.space = space;
    this.request = request;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      space.withdraw(this);
    }
    return cancelled;
  }
}
