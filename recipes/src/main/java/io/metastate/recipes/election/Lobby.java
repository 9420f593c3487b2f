package io.metastate.recipes.election;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Where callers of {@link LeaderCandidate#awaitLeadership} wait; woken whenever the candidate's state changes. */
final class Lobby {
  private final Object monitor = new Object();

  /**
   * Waits up to {@code timeout} until {@code leadership} gives a term; empty if {@code over} first, on timeout, or on
   * interrupt (the flag is kept).
   */
  Optional<Leadership> await(Duration timeout, Supplier<Optional<Leadership>> leadership, BooleanSupplier over) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (true) {
        Optional<Leadership> term = leadership.get();
        if (term.isPresent()) {
          return term;
        }
        long left = deadline - System.nanoTime();
        if (over.getAsBoolean() || left <= 0) {
          return Optional.empty();
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(monitor, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
      }
    }
  }

  /** Wakes every waiter to look again. */
  void signal() {
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }
}
