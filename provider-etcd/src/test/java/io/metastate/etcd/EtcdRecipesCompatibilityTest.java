package io.metastate.etcd;

import io.metastate.tck.ProviderFixture;
import io.metastate.tck.recipes.RecipesCompatibilityKit;
import org.junit.jupiter.api.DisplayName;

/** The recipe contracts (election, key and key-range locks, fenced writes) against a real etcd. */
@DisplayName("etcd provider: recipes")
class EtcdRecipesCompatibilityTest extends RecipesCompatibilityKit {
  @Override
  protected ProviderFixture fixture() {
    return new EtcdFixture();
  }
}
