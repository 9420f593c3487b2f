package io.metastate.provider.support;

import io.metastate.error.CoordinationException;
import io.metastate.error.OperationInterruptedException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The acquire rule of {@link io.metastate.lock.DistributedLockService#acquire}, for a lock-like user whose queued
 * request is a {@link PendingAcquire} future (key locks, a recipe's own queue); {@link AbstractLockService} keeps it
 * with its own caller-driven wait. A timeout of zero or less is exactly one try; a thread interrupted on entry queues
 * nothing; one interrupted while it waits (or during the request's own I/O) withdraws the request, releases a grant
 * that raced the interrupt, keeps its interrupt flag and throws {@link OperationInterruptedException}; a timeout
 * withdraws the request but keeps a grant that won the race.
 */
public final class AcquireRule {
  private AcquireRule() {}

  /**
   * Acquires by the rule.
   *
   * @param timeout how long to wait
   * @param tryOnce the single try, for a timeout of zero or less
   * @param enqueue queues the request and returns its future, whose cancel withdraws it
   * @param release gives back a grant that raced an interrupt; its failure is suppressed
   * @param what the request, for exception messages ("key lock players [a, b)")
   * @return the grant, or empty if the timeout passed first
   */
  public static <L> Optional<L> acquire(Duration timeout, Supplier<Optional<L>> tryOnce,
      Supplier<? extends CompletableFuture<L>> enqueue, Consumer<? super L> release, String what) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      return tryOnce.get(); // exactly one try, as Lock.tryLock(time, unit) does
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new OperationInterruptedException("interrupted before waiting for " + what + "; nothing was queued", null);
    }
    CompletableFuture<L> pending;
    try {
      pending = enqueue.get();
    } catch (CoordinationException e) {
      if (e instanceof OperationInterruptedException || !Thread.currentThread().isInterrupted()) {
        throw e;
      }
      // Interrupted inside the request's own I/O: the request was withdrawn (or is being cleaned up) all the same.
      throw interrupted(what, e);
    }
    try {
      L granted = pending.get(nanos(timeout), TimeUnit.NANOSECONDS);
      if (Thread.currentThread().isInterrupted()) {
        throw withdrawInterrupted(pending, release, what, null); // set during the request's I/O: the same rule
      }
      return Optional.of(granted);
    } catch (TimeoutException e) {
      return pending.cancel(false) ? Optional.empty() : Optional.of(outcome(pending)); // granted as we gave up
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw withdrawInterrupted(pending, release, what, e);
    } catch (ExecutionException e) {
      throw unwrap(what, e.getCause());
    }
  }

  private static <L> OperationInterruptedException withdrawInterrupted(CompletableFuture<L> pending,
      Consumer<? super L> release, String what, Exception cause) {
    OperationInterruptedException thrown = interrupted(what, cause);
    if (!pending.cancel(false) && !pending.isCompletedExceptionally()) {
      try {
        release.accept(pending.join()); // granted in the race: the caller gets no lease
      } catch (RuntimeException e) {
        thrown.addSuppressed(e); // it ends with the session at the latest
      }
    }
    return thrown;
  }

  private static OperationInterruptedException interrupted(String what, Exception cause) {
    return new OperationInterruptedException("interrupted while waiting for " + what
        + "; the request was withdrawn, the interrupt flag is still set", cause);
  }

  private static <L> L outcome(CompletableFuture<L> done) {
    try {
      return done.get();
    } catch (ExecutionException e) {
      throw unwrap("the request", e.getCause());
    } catch (InterruptedException e) {
      throw new IllegalStateException("a done future does not wait", e);
    }
  }

  private static RuntimeException unwrap(String what, Throwable cause) {
    if (cause instanceof RuntimeException r) {
      return r;
    }
    return new CoordinationException(what + " failed: " + cause, false, cause);
  }

  private static long nanos(Duration timeout) {
    try {
      return timeout.toNanos();
    } catch (ArithmeticException beyondLong) {
      return Long.MAX_VALUE; // about 292 years: forever
    }
  }
}
