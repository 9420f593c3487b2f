package io.metastate.cdi;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a CDI bean's method (or every business method of a bean class) while this process holds the named distributed
 * lock, taken from the container's {@link io.metastate.lock.DistributedLockService}:
 * <pre>{@code
 * @ApplicationScoped
 * class Reports {
 *   @Locked(value = "jobs/nightly-report", timeout = "0s", onTimeout = Locked.OnTimeout.SKIP)
 *   void nightly() {
 *     FencingToken token = CurrentLease.token();  // pass it to every resource the job writes
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>The lock is held from before the method starts until after it returns or throws; then it is released.
 *   <li>Threads of one process queue for the name locally (first come, first served) before asking the backend,
 *       because distributed locks belong to the session, which all threads of the container share.
 *   <li>A {@code @Locked} method called from another {@code @Locked} method of the same name on the same thread runs
 *       under the lease already held (re-entrant), instead of failing with
 *       {@link io.metastate.error.LockAlreadyHeldException}.
 *   <li>During the call, {@link CurrentLease} gives the lease and its {@link io.metastate.lock.FencingToken fencing
 *       token} to the method, on the calling thread.
 *   <li>If the lock cannot be had within {@link #timeout()}, the method is not run: it fails with
 *       {@link LockNotAcquiredException} ({@link OnTimeout#FAIL}, the default), or returns without running
 *       ({@link OnTimeout#SKIP}, ShedLock's behaviour, for methods returning {@code void} or {@code Optional}).
 * </ul>
 *
 * <p>A name locked through {@code @Locked} should not also be acquired directly from the same container's
 * {@link io.metastate.lock.DistributedLockService}: the session would then ask twice, which the contract answers with
 * {@link io.metastate.error.LockAlreadyHeldException}.
 *
 * <p>The interceptor runs at priority {@code PLATFORM_BEFORE + 100}, outside {@code @Transactional}
 * ({@code PLATFORM_BEFORE + 200}), so a transaction commits before the lock is released. Names and timeouts are
 * checked when the container starts.
 */
@Inherited
@Documented
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Locked {
  /** The lock's name (see {@link io.metastate.lock.LockNames}), e.g. {@code jobs/nightly-report}. */
  @Nonbinding
  String value();

  /**
   * How long to wait for the lock, e.g. {@code 10s}, {@code 500ms}, {@code 2m} or ISO-8601 {@code PT10S}.
   * {@code 0s} tries once without waiting. Default {@code 10s}.
   */
  @Nonbinding
  String timeout() default "10s";

  /** What happens when the lock cannot be had within the timeout. Default {@link OnTimeout#FAIL}. */
  @Nonbinding
  OnTimeout onTimeout() default OnTimeout.FAIL;

  /** What a {@code @Locked} method does when the lock cannot be had in time. */
  enum OnTimeout {
    /** Throw {@link LockNotAcquiredException}; the method does not run. */
    FAIL,
    /**
     * Do not run the method: return nothing ({@code void}) or {@code Optional.empty()}. Only for methods returning
     * {@code void} or {@link java.util.Optional}; anything else fails container start-up.
     */
    SKIP
  }
}
