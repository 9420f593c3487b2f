package io.metastate.localfile;

import io.metastate.tck.CoordinationCompatibilityKit;
import io.metastate.tck.ProviderFixture;

/** The whole compatibility kit against the local-file provider, opened through discovery as users do. */
class LocalFileCompatibilityTest extends CoordinationCompatibilityKit {
  @Override
  protected ProviderFixture fixture() {
    return new LocalFileFixture();
  }
}
