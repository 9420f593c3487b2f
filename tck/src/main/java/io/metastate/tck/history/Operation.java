package io.metastate.tck.history;

import java.util.Objects;

/**
 * One completed (or abandoned) call in a history.
 *
 * @param client which client made it
 * @param key the partition it belongs to (a path, a lock name); operations on different keys are independent
 * @param input what was asked
 * @param output what was returned; {@code null} if the outcome is unknown (connection loss)
 * @param call {@link System#nanoTime()} just before the call
 * @param ret {@link System#nanoTime()} just after it returned; {@link Long#MAX_VALUE} if the outcome is unknown
 * @param <I> the input type
 * @param <O> the output type
 */
public record Operation<I, O>(int client, String key, I input, O output, long call, long ret) {
  public Operation {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(input, "input");
    if (ret < call) {
      throw new IllegalArgumentException("operation returned (" + ret + ") before it was called (" + call + ")");
    }
  }

  /** Whether the outcome is unknown. */
  public boolean unknown() {
    return output == null;
  }
}
