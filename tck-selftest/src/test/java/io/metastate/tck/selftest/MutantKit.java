package io.metastate.tck.selftest;

import io.metastate.tck.CoordinationCompatibilityKit;
import io.metastate.tck.ProviderFixture;

/**
 * The kit bound to the mutant {@link MutationScoreTest} is running. Without a "Test" suffix so that Surefire does not
 * run it on its own; the self-test runs it through the launcher, one mutant at a time.
 */
final class MutantKit extends CoordinationCompatibilityKit {
  static volatile Mutant current;

  @Override
  protected ProviderFixture fixture() {
    return new LocalFileFixture(current.wrap());
  }
}
