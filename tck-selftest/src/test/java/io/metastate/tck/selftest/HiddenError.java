package io.metastate.tck.selftest;

import java.util.function.Supplier;

/**
 * The breakage many mutants share: where the real call throws one kind of exception, the mutant hides it and answers
 * something else (empty, a default, another exception).
 */
final class HiddenError {
  private HiddenError() {}

  /** Runs {@code call}; where it throws {@code thrown}, answers {@code instead}. */
  static <T> T answer(Supplier<T> call, Class<? extends RuntimeException> thrown, T instead) {
    return answerGet(call, thrown, () -> instead);
  }

  /** Runs {@code call}; where it throws {@code thrown}, answers what {@code instead} gives (or throws). */
  static <T> T answerGet(Supplier<T> call, Class<? extends RuntimeException> thrown, Supplier<T> instead) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      if (thrown.isInstance(e)) {
        return instead.get();
      }
      throw e;
    }
  }
}
