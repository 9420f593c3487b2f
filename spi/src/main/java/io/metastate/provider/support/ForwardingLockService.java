package io.metastate.provider.support;

import io.metastate.lock.DistributedLockService;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import io.metastate.session.Session;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A lock service that forwards every call to another one (as Guava's {@code Forwarding*} types do): a decorator
 * (metrics, a test's fault or mutant) overrides only what it changes. A decorator that maps the future of
 * {@link #acquireAsync} must still let {@code cancel} reach the delegate's future, which withdraws the waiter.
 */
public abstract class ForwardingLockService extends ForwardingObject<DistributedLockService>
    implements DistributedLockService {
  /** Forwards every call to {@code delegate}. */
  protected ForwardingLockService(DistributedLockService delegate) {
    super(delegate);
  }

  @Override
  public Session session() {
    return delegate().session();
  }

  @Override
  public Optional<LockLease> tryAcquire(String name) {
    return delegate().tryAcquire(name);
  }

  @Override
  public Optional<LockLease> acquire(String name, Duration timeout) {
    return delegate().acquire(name, timeout);
  }

  @Override
  public CompletableFuture<LockLease> acquireAsync(String name) {
    return delegate().acquireAsync(name);
  }

  @Override
  public Optional<LockInfo> query(String name) {
    return delegate().query(name);
  }

  @Override
  public List<LockInfo> list(String prefix) {
    return delegate().list(prefix);
  }

  @Override
  public boolean forceRelease(String name) {
    return delegate().forceRelease(name);
  }
}
