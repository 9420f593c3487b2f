package io.metastate.tck.selftest;

import io.metastate.lock.DistributedLockService;
import io.metastate.lock.LockLease;
import io.metastate.provider.support.ForwardingLockService;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Forwards every call; broken variants override one behaviour, or hand out leases through {@link #granted}. */
class ForwardingLocks extends ForwardingLockService {
  ForwardingLocks(DistributedLockService delegate) {
    super(delegate);
  }

  /** Hook: how a granted lease is handed out. */
  LockLease granted(LockLease lease) {
    return lease;
  }

  @Override
  public Optional<LockLease> tryAcquire(String name) {
    return delegate().tryAcquire(name).map(this::granted);
  }

  @Override
  public Optional<LockLease> acquire(String name, Duration timeout) {
    return delegate().acquire(name, timeout).map(this::granted);
  }

  @Override
  public CompletableFuture<LockLease> acquireAsync(String name) {
    CompletableFuture<LockLease> real = delegate().acquireAsync(name);
    CompletableFuture<LockLease> mapped = real.thenApply(this::granted);
    // Cancelling what the caller holds must still withdraw the real waiter.
    mapped.whenComplete((l, e) -> {
      if (mapped.isCancelled()) {
        real.cancel(true);
      }
    });
    return mapped;
  }
}
