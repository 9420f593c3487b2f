package io.metastate.zookeeper;

import io.metastate.tck.ProviderFixture;
import io.metastate.tck.recipes.RecipesCompatibilityKit;

/** Leader election, key(-range) locks and fenced writes on ZooKeeper, with the main kit's fixture. */
class ZooKeeperRecipesCompatibilityTest extends RecipesCompatibilityKit {
  @Override
  protected ProviderFixture fixture() {
    return new ZooKeeperFixture();
  }
}
