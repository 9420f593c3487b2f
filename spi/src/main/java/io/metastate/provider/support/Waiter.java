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
 *
 * <p>The monitor guards the waiter's fields and is never held across a driver call, so that the end of the session
 * ({@link #fail}) never waits for a step blocked in I/O: a provider whose session transitions fire on the thread
 * that completes a driver request would deadlock, any other would wait a request timeout. {@code fail} completes the
 * future at once; the claim is withdrawn by whoever comes last, the failure or the step that was using the claim (the
 * driver sees one thread per claim at a time). {@link #withdraw} is the caller's own cancel, timeout or interrupt: it
 * marks the outcome at once too, but then waits for a running step, because its rule is that nothing of the waiter is
 * left, claim or racing grant, when it returns.
 */
final class Waiter<C, P> {
  private final AbstractLockService<C, P> service;
  private final LockDriver<C, P> driver;
  private final String name;
  private final boolean callerDriven;
  private final Executor executor;
  private final PendingLock future = new PendingLock();
  private final Semaphore wake = new Semaphore(0);
  // Guarded by this.
  private C claim; // null before the claim is made, and again once a lease or a withdrawal took it
  private boolean finished; // granted, failed or withdrawn: no step does anything more
  private Thread stepping; // the thread taking a step, or null
  private boolean again; // woken while a step ran: take another one after it

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
  void step() {
    synchronized (this) {
      if (finished) {
        return;
      }
      if (stepping != null) {
        again = true; // the running step takes another when it ends: no executor thread waits here
        return;
      }
      stepping = Thread.currentThread();
      again = false;
    }
    try {
      takeStep();
    } finally {
      stepEnded();
    }
  }

  private void takeStep() {
    try {
      C c;
      synchronized (this) {
        c = claim;
      }
      if (c == null) {
        c = driver.claim(name, false, this::wake);
        synchronized (this) {
          claim = c;
          if (finished) {
            return; // failed or withdrawn while claiming: stepEnded withdraws it
          }
        }
      }
      while (true) {
        QueuePosition<P> position = driver.checkHead(c);
        if (position.isHead()) {
          granted(c);
          return;
        }
        if (isFinished() || driver.watchPredecessor(c, position.predecessor())) {
          return; // ended meanwhile, or the driver wakes us when the predecessor goes
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

  /** Withdraws the claim if the waiter finished without a grant meanwhile, then lets the next step or withdraw in. */
  private void stepEnded() {
    C leftover;
    synchronized (this) {
      leftover = finished ? takeClaim() : null;
    }
    boolean more;
    try {
      if (leftover != null) {
        driver.withdraw(leftover);
      }
    } finally {
      synchronized (this) {
        stepping = null;
        more = again && !finished;
        notifyAll();
      }
    }
    if (more) {
      wake();
    }
  }

  private void granted(C c) {
    synchronized (this) {
      if (finished) {
        return; // failed or withdrawn while we looked: stepEnded withdraws the claim
      }
      finished = true;
      claim = null; // the lease's now
    }
    ClaimLease<C> lease = service.grant(name, this, c);
    if (!future.complete(lease)) {
      lease.release(); // cancelled while we were granted: a cancel that returned true leaves nothing held
    }
  }

  /** Ends the attempt with an error and withdraws its claim, or leaves that to the step using it. Never waits. */
  void fail(CoordinationException e) {
    C c;
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      c = stepping == null ? takeClaim() : null;
    }
    service.forget(name, this);
    future.completeExceptionally(e);
    wake.release();
    if (c != null) {
      driver.withdraw(c);
    }
  }

  /**
   * Withdraws the waiter (timeout, cancel, interrupt). A grant that won the race stays in the future, for its owner to
   * keep or release; one that loses it is released by its step before this returns.
   */
  void withdraw() {
    future.cancelQuietly();
    C c = null;
    boolean ended;
    synchronized (this) {
      ended = !finished;
      finished = true;
      if (stepping == null) {
        c = takeClaim();
      }
      awaitStep();
    }
    if (ended) {
      service.forget(name, this);
    }
    if (c != null) {
      driver.withdraw(c);
    }
  }

  private synchronized boolean isFinished() {
    return finished;
  }

  /** The claim, for the one caller that withdraws it. Caller holds this. */
  private C takeClaim() {
    C c = claim;
    claim = null;
    return c;
  }

  /** Waits for a step on another thread to end (it saw the outcome and cleaned up). Caller holds this. */
  private void awaitStep() {
    boolean interrupted = false;
    while (stepping != null && stepping != Thread.currentThread()) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true; // the withdrawal must finish: the flag is set again after
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
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
