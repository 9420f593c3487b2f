package io.metastate.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.error.OperationInterruptedException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A provider call run on a thread of its own, so that a test can interrupt it, see it park, and bound how long it
 * takes without hanging the kit, while the test thread's own interrupt flag stays clean. Public for the recipes'
 * contracts; not for use outside the kit.
 *
 * @param <T> what the call returns
 */
public final class CallerThread<T> {
  /**
   * How the call ended.
   *
   * @param value what it returned, or {@code null} if it threw
   * @param thrown what it threw, or {@code null}
   * @param interruptFlag whether the thread's interrupt flag was set right after the call
   */
  public record Outcome<T>(T value, RuntimeException thrown, boolean interruptFlag) {
    /** Asserts that the call ({@code what}, for the messages) threw OperationInterruptedException and kept the flag. */
    public void assertInterrupted(String what) {
      assertThat(thrown).as(what).isInstanceOf(OperationInterruptedException.class);
      assertThat(interruptFlag).as("interrupt flag after %s", what).isTrue();
    }
  }

  private final Thread thread;
  private final CompletableFuture<Outcome<T>> done = new CompletableFuture<>();

  private CallerThread(String name, boolean interruptFirst, Supplier<T> call) {
    thread = new Thread(() -> {
      if (interruptFirst) {
        Thread.currentThread().interrupt();
      }
      try {
        T value = call.get();
        done.complete(new Outcome<>(value, null, Thread.currentThread().isInterrupted()));
      } catch (RuntimeException e) {
        done.complete(new Outcome<>(null, e, Thread.currentThread().isInterrupted()));
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    }, "tck-" + name);
    thread.setDaemon(true);
  }

  /** Starts {@code call} on a new thread; with {@code interruptFirst} its interrupt flag is set before the call. */
  public static <T> CallerThread<T> start(String name, boolean interruptFirst, Supplier<T> call) {
    CallerThread<T> caller = new CallerThread<>(name, interruptFirst, call);
    caller.thread.start();
    return caller;
  }

  /** Whether the call is parked (waiting on something), or already over. */
  public boolean parkedOrDone() {
    Thread.State s = thread.getState();
    return done.isDone() || s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
  }

  /** Interrupts the thread of the call. */
  public void interrupt() {
    thread.interrupt();
  }

  /** Whether the call is over. */
  public boolean isDone() {
    return done.isDone();
  }

  /** How the call ended; fails the test if it has not within {@code atMost}. */
  public Outcome<T> outcome(Duration atMost) {
    try {
      return done.get(atMost.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(thread.getName() + " did not return within " + atMost + " (it hangs?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + thread.getName(), e);
    } catch (ExecutionException e) {
      throw new AssertionError(thread.getName() + " failed with " + e.getCause(), e.getCause());
    }
  }
}
