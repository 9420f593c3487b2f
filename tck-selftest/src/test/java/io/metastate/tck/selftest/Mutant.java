package io.metastate.tck.selftest;

import io.metastate.CoordinationClient;
import java.util.function.UnaryOperator;

/**
 * A provider that breaks one promise: the local-file provider behind a decorator. The kit's tests that name the
 * promise with {@code @Verifies} must fail against it.
 *
 * @param promise the id of the promise it breaks
 * @param breakage what it does wrong, in a few words
 * @param wrap how it decorates each client the fixture opens
 */
record Mutant(String promise, String breakage, UnaryOperator<CoordinationClient> wrap) {
  @Override
  public String toString() {
    return promise + ": " + breakage;
  }
}
