package io.metastate.tck.selftest;

import io.metastate.lock.DistributedLockService;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import io.metastate.session.Session;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Forwards every call; broken variants override one behaviour. */
class ForwardingLocks implements DistributedLockService {
  final DistributedLockService delegate;

  ForwardingLocks(DistributedLockService delegate) {
    this.delegate = delegate;
  }

  /** Hook: how a granted lease is handed out. */
  LockLease granted(LockLease lease) {
    return lease;
  }

  @Override
  public Session session() {
    return delegate.session();
  }

  @Override
  public Optional<LockLease> tryAcquire(String name) {
    return delegate.tryAcquire(name).map(this::granted);
  }

  @Override
  public Optional<LockLease> acquire(String name, Duration timeout) {
    return delegate.acquire(name, timeout).map(this::granted);
  }

  @Override
  public CompletableFuture<LockLease> acquireAsync(String name) {
    CompletableFuture<LockLease> real = delegate.acquireAsync(name);
    CompletableFuture<LockLease> mapped = real.thenApply(this::granted);
    // Cancelling what the caller holds must still withdraw the real waiter.
    mapped.whenComplete((l, e) -> {
      if (mapped.isCancelled()) {
        real.cancel(true);
      }
    });
    return mapped;
  }

  @Override
  public Optional<LockInfo> query(String name) {
    return delegate.query(name);
  }

  @Override
  public List<LockInfo> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public boolean forceRelease(String name) {
    return delegate.forceRelease(name);
  }
}
