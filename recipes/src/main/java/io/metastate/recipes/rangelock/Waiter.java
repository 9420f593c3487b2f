package io.metastate.recipes.rangelock;

import io.metastate.provider.support.PendingAcquire;

/** A queued request's future; cancelling it withdraws the request node before returning. */
final class Waiter extends PendingAcquire<KeyLease> {
  private final Space space;
  final Request request;

  Waiter(Space space, Request request) {
    this.space = space;
    this.request = request;
  }

  @Override
  protected void withdraw() {
    space.withdraw(this);
  }
}
