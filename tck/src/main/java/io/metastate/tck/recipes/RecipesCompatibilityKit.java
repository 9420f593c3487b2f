package io.metastate.tck.recipes;

import io.metastate.tck.CompatibilityKit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The recipes on a provider: leader election, key and key-range locks (with a randomized test against an interval
 * model), and fenced writes. A provider runs it with the fixture of its main kit:
 *
 * <pre>{@code
 * class ZooKeeperRecipesCompatibilityTest extends RecipesCompatibilityKit {
 *   @Override
 *   protected ProviderFixture fixture() {
 *     return new ZooKeeperFixture();
 *   }
 * }
 * }</pre>
 *
 * Tests of session expiry need {@link io.metastate.tck.Capability#EXPIRE_SESSION}, tests of the uncertainty bound
 * {@link io.metastate.tck.Capability#DISCONNECT_CLIENT}, {@link io.metastate.tck.Capability#NETWORK_FAULTS} or
 * {@link io.metastate.tck.Capability#MOVE_CLOCK}, tests of lost replies
 * {@link io.metastate.tck.Capability#NETWORK_FAULTS}; without them they are skipped by name.
 */
public abstract class RecipesCompatibilityKit extends CompatibilityKit {
  @Nested
  @DisplayName("Leader election")
  class Election extends LeaderElectionContract {}

  @Nested
  @DisplayName("Leader election under faults")
  class ElectionSafety extends LeaderElectionSafetyContract {}

  @Nested
  @DisplayName("Key and key-range locks")
  class KeyLocks extends KeyLockContract {}

  @Nested
  @DisplayName("Key locks under faults")
  class KeyLockSafety extends KeyLockSafetyContract {}

  @Nested
  @DisplayName("Fenced writes")
  class FencedWrites extends FencedWriterContract {}

  @Nested
  @DisplayName("Recipe threads")
  class Threads extends RecipeThreadsContract {}
}
