package io.metastate.tck.history;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Records operations of concurrent clients, thread-safely, with their invoke and return times.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class History<I, O> {
  private final List<Operation<I, O>> operations = new ArrayList<>();

  /**
   * Runs {@code call} and records it. The call returns the operation's output, or {@code null} when its outcome is
   * unknown; an exception it throws is not recorded and propagates (the workload decides what outputs mean).
   */
  public O record(int client, String key, I input, Supplier<O> call) {
    long start = System.nanoTime();
    O output = call.get();
    long end = output == null ? Long.MAX_VALUE : System.nanoTime();
    add(new Operation<>(client, key, input, output, start, end));
    return output;
  }

  /** Adds an operation timed by the caller. */
  public synchronized void add(Operation<I, O> operation) {
    operations.add(operation);
  }

  /** The operations recorded so far. */
  public synchronized List<Operation<I, O>> operations() {
    return List.copyOf(operations);
  }
}
