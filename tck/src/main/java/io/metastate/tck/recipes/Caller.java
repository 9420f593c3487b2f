package io.metastate.tck.recipes;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A call made on a thread of its own, so that a test can interrupt it (or start it interrupted) and then read what
 * it returned or threw and whether its interrupt flag was still set when it returned.
 */
final class Caller<T> {
  /** What the call ended with. */
  record Outcome<T>(T value, Throwable thrown, boolean interruptFlag) {}

  private final Thread thread;
  private final CompletableFuture<Outcome<T>> outcome = new CompletableFuture<>();

  private Caller(String name, boolean interruptedOnEntry, Supplier<T> call) {
    thread = new Thread(() -> {
      if (interruptedOnEntry) {
        Thread.currentThread().interrupt();
      }
      try {
        T value = call.get();
        outcome.complete(new Outcome<>(value, null, Thread.currentThread().isInterrupted()));
      } catch (Throwable t) {
        outcome.complete(new Outcome<>(null, t, Thread.currentThread().isInterrupted()));
      }
    }, "tck-caller-" + name);
    thread.setDaemon(true);
  }

  /** Starts {@code call} on a new thread, with its interrupt flag set first if {@code interruptedOnEntry}. */
  static <T> Caller<T> start(String name, boolean interruptedOnEntry, Supplier<T> call) {
    Caller<T> caller = new Caller<>(name, interruptedOnEntry, call);
    caller.thread.start();
    return caller;
  }

  /** Whether the thread is parked (waiting) or the call is over. */
  boolean parkedOrDone() {
    Thread.State s = thread.getState();
    return outcome.isDone() || s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
  }

  void interrupt() {
    thread.interrupt();
  }

  /** The outcome, waiting up to {@code atMost} for it. */
  Outcome<T> outcome(Duration atMost) {
    return outcome.orTimeout(atMost.toMillis(), TimeUnit.MILLISECONDS).join();
  }
}
