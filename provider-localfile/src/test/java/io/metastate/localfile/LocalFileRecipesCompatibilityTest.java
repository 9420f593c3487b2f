package io.metastate.localfile;

import io.metastate.tck.ProviderFixture;
import io.metastate.tck.recipes.RecipesCompatibilityKit;

/** The recipe contracts (election, key and range locks, fenced writes) on the local-file provider. */
class LocalFileRecipesCompatibilityTest extends RecipesCompatibilityKit {
  @Override
  protected ProviderFixture fixture() {
    return new LocalFileFixture();
  }
}
