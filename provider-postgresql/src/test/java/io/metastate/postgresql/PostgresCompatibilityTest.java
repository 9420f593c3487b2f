package io.metastate.postgresql;

import io.metastate.tck.CoordinationCompatibilityKit;
import io.metastate.tck.ProviderFixture;
import org.junit.jupiter.api.DisplayName;

/** The whole compatibility kit against a real PostgreSQL (see {@link PostgresFixture} for how it is faulted). */
@DisplayName("PostgreSQL provider")
class PostgresCompatibilityTest extends CoordinationCompatibilityKit {
  @Override
  protected ProviderFixture fixture() {
    return new PostgresFixture();
  }
}
