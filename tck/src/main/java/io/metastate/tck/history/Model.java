package io.metastate.tck.history;

/**
 * A sequential specification: what an operation may return in a state, and the state after it.
 *
 * @param <S> the state; must implement {@code equals} and {@code hashCode} (the checker memoizes on it)
 * @param <I> an operation's input
 * @param <O> an operation's output
 */
public interface Model<S, I, O> {
  /** The state before any operation. */
  S initial();

  /**
   * Applies one operation.
   *
   * @param output what the operation returned, or {@code null} if its outcome is unknown (it may or may not have
   *     taken effect; the checker may then place it after every other operation)
   * @return the state after the operation, or {@code null} if {@code output} is impossible in {@code state}
   */
  S step(S state, I input, O output);

  /** A short name for reports, e.g. "CAS register". */
  String name();
}
