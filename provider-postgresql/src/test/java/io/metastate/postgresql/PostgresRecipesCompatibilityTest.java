package io.metastate.postgresql;

import io.metastate.tck.ProviderFixture;
import io.metastate.tck.recipes.RecipesCompatibilityKit;
import org.junit.jupiter.api.DisplayName;

/** The recipe contracts (election, key and key-range locks, fenced writes) against a real PostgreSQL. */
@DisplayName("PostgreSQL provider: recipes")
class PostgresRecipesCompatibilityTest extends RecipesCompatibilityKit {
  @Override
  protected ProviderFixture fixture() {
    return new PostgresFixture();
  }
}
