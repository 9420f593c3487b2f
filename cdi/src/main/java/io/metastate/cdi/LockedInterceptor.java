package io.metastate.cdi;

import io.metastate.lock.DistributedLockService;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Runs {@link Locked} methods under their distributed lock; see {@link Locked} for the behaviour. */
@Locked("") // the binding's attributes are @Nonbinding: this interceptor serves every @Locked method
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
class LockedInterceptor {
  private static final Logger LOG = Logger.getLogger(LockedInterceptor.class.getName());

  private final DistributedLockService locks;
  private final LockGates gates;

  @Inject
  LockedInterceptor(DistributedLockService locks, LockGates gates) {
    this.locks = locks;
    this.gates = gates;
  }

  @AroundInvoke
  Object aroundInvoke(InvocationContext ctx) throws Exception {
    LockSpec spec = LockSpec.of(ctx.getMethod(), binding(ctx));
    if (CurrentLease.of(spec.name()).isPresent()) {
      return ctx.proceed(); // this thread already holds the lock: re-enter, as `synchronized` would
    }
    long deadline = System.nanoTime() + spec.timeout().toNanos();
    ReentrantLock gate = gates.gate(spec.name());
    try {
      if (!gate.tryLock(spec.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
        return notAcquired(spec, ctx, "other threads of this process queue for it");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LockNotAcquiredException(spec.name(), spec.timeout(), "interrupted while waiting");
    }
    try {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      Optional<LockLease> lease = locks.acquire(spec.name(), left);
      if (lease.isEmpty()) {
        return notAcquired(spec, ctx, "another session holds it");
      }
      return runHolding(lease.get(), ctx);
    } finally {
      gate.unlock();
    }
  }

  // Interceptors 2.1 (CDI 4.0) has no getInterceptorBinding(): the method's annotation wins over the bean class's,
  // which @Inherited carries to the container's subclass of the target (the nearest declaration wins).
  private static Locked binding(InvocationContext ctx) {
    Locked locked = ctx.getMethod().getAnnotation(Locked.class);
    if (locked == null && ctx.getTarget() != null) {
      locked = ctx.getTarget().getClass().getAnnotation(Locked.class);
    }
    if (locked == null) {
      locked = ctx.getMethod().getDeclaringClass().getAnnotation(Locked.class);
    }
    if (locked == null) {
      throw new IllegalStateException("@Locked interceptor invoked for " + ctx.getMethod()
          + ", which carries no @Locked (through a stereotype?); put @Locked on the method or its class");
    }
    return locked;
  }

  private static Object runHolding(LockLease lease, InvocationContext ctx) throws Exception {
    CurrentLease.push(lease);
    try {
      return ctx.proceed();
    } finally {
      CurrentLease.pop(lease);
      if (lease.state() == LeaseState.LOST) {
        LOG.warning(() -> "lock '" + lease.name() + "' was lost during the @Locked call to " + ctx.getMethod()
            + " (session expired or lock force-released): writes not fenced by " + lease.token()
            + " may have overlapped another holder's");
      }
      try {
        lease.release();
      } catch (RuntimeException e) {
        // The call's outcome stands; an unreleased lock ends with the session at the latest.
        LOG.log(Level.WARNING, "could not release " + lease + " after the @Locked call", e);
      }
    }
  }

  private static Object notAcquired(LockSpec spec, InvocationContext ctx, String why) {
    if (spec.onTimeout() == Locked.OnTimeout.SKIP) {
      LOG.fine(() -> "skipping " + ctx.getMethod() + ": lock '" + spec.name() + "' not acquired within "
          + spec.timeout() + " (" + why + ")");
      return spec.skippedResult();
    }
    throw new LockNotAcquiredException(spec.name(), spec.timeout(), why);
  }
}
