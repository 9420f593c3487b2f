package io.metastate.provider.support;

import io.metastate.error.ConnectionLossException;
import io.metastate.error.CoordinationException;
import io.metastate.lock.LockLease;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One acquire in its lock's queue: claims, then checks its position each time it is woken, and is granted the lock
 * when its claim is first. Steps run one at a time. A blocked caller (sync acquire) takes every step on its own
 * thread, woken through a semaphore: no thread hand-off per grant. An asynchronous acquire takes its first step on the
 * caller's thread (so its place in the queue is fixed when acquireAsync returns) and the others on the executor.
 */
final class Waiter<C, P> {
  private final AbstractLockService<C, P> service;
  private final LockDriver<C, P> driver;
  private final String name;
  private final boolean callerDriven;
  private final Executor executor;
  private final PendingLock future = new PendingLock();
  private final Semaphore wake = new Semaphore(0);
  private C claim;
  private boolean finished;

  Waiter(AbstractLockService<C, P> service, String name, boolean callerDriven, Executor executor) {
    this.service = service;
    this.driver = service.driver();
    this.name = name;
    this.callerDriven = callerDriven;
    this.executor = executor;
  }

  String name() {
    return name;
  }

  CompletableFuture<LockLease> future() {
    return future;
  }

  /** Something changed: take another step, on the blocked caller's thread or on the executor. Never blocks. */
  void wake() {
    if (callerDriven) {
      wake.release();
    } else {
      executor.execute(this::step);
    }
  }

  /** For the blocked caller: waits until woken or until {@code nanos} pass. */
  void awaitWake(long nanos) throws InterruptedException {
    if (wake.tryAcquire(nanos, TimeUnit.NANOSECONDS)) {
      wake.drainPermits();
    }
  }

  /** Makes progress: claim if not yet done, then take the lock or watch the predecessor. */
  synchronized void step() {
    if (finished) {
      return;
    }
    try {
      if (claim == null) {
        claim = driver.claim(name, false, this::wake);
      }
      while (true) {
        QueuePosition<P> position = driver.checkHead(claim);
        if (position.isHead()) {
          granted();
          return;
        }
        if (driver.watchPredecessor(claim, position.predecessor())) {
          return; // the driver wakes us when it goes
        }
      }
    } catch (ConnectionLossException e) {
      // Cannot tell now: stay queued; the driver or the session's reconnect wakes us.
    } catch (CoordinationException e) {
      fail(e);
    } catch (RuntimeException e) {
      // A driver bug must not leave the future pending forever (on the executor nobody would see the exception).
      fail(new CoordinationException("acquiring lock '" + name + "' failed: " + e, false, e));
    }
  }

  private void granted() {
    finished = true;
    ClaimLease<C> lease = service.grant(name, this, claim);
    if (!future.complete(lease)) {
      lease.release(); // cancelled while we were granted: a cancel that returned true leaves nothing held
    }
  }

  /** Ends the attempt with an error and withdraws its claim. */
  synchronized void fail(CoordinationException e) {
    if (finished) {
      return;
    }
    finished = true;
    service.forget(name, this);
    future.completeExceptionally(e);
    wake.release();
    if (claim != null) {
      driver.withdraw(claim);
    }
  }

  /**
   * Withdraws the waiter (timeout, cancel, interrupt). A grant that won the race stays in the future, for its owner to
   * keep or release.
   */
  synchronized void withdraw() {
    future.cancelQuietly();
    if (finished) {
      return;
    }
    finished = true;
    service.forget(name, this);
    if (claim != null) {
      driver.withdraw(claim);
    }
  }

  /** The future of acquireAsync: cancelling it withdraws the waiter before cancel returns. */
  private final class PendingLock extends CompletableFuture<LockLease> {
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        withdraw();
      }
      return cancelled;
    }

    void cancelQuietly() {
      super.cancel(false);
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new CompletableFuture<>(); // a dependent stage's cancel must not withdraw this waiter
    }
  }
}
