package io.metastate.tck.selftest;

import io.metastate.tck.CoordinationCompatibilityKit;
import io.metastate.tck.ProviderFixture;

/** The whole kit against the real local-file provider: it must pass. */
class LocalFileCompatibilityTest extends CoordinationCompatibilityKit {
  @Override
  protected ProviderFixture fixture() {
    return new LocalFileFixture();
  }
}
