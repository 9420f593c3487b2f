package io.metastate.tck;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The whole compatibility kit for a provider: every line of the contract, grouped by feature. A provider's test
 * extends it and supplies a {@link ProviderFixture}:
 *
 * <pre>{@code
 * class LocalFileCompatibilityTest extends CoordinationCompatibilityKit {
 *   @Override
 *   protected ProviderFixture fixture() {
 *     return new LocalFileFixture();  // opens clients; declares and implements its fault hooks
 *   }
 * }
 * }</pre>
 *
 * Tests needing a capability the fixture does not declare are skipped with a reason naming it. A run writes
 * {@code target/metastate-tck-report.txt} (see {@link io.metastate.tck.report.CompatibilityReport}).
 */
public abstract class CoordinationCompatibilityKit extends CompatibilityKit {
  @Nested
  @DisplayName("Sessions")
  class Sessions extends SessionContract {}
}
