package io.metastate.tck;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The root of every compatibility kit: a provider's test class extends a kit ({@link CoordinationCompatibilityKit})
 * and says how to open its clients in {@link #fixture()}. The {@link KitExtension} creates the fixture once per test
 * class, hands each test a fresh {@link KitContext}, and skips by name the tests whose capabilities are missing.
 */
@ExtendWith(KitExtension.class)
public abstract class CompatibilityKit {
  /**
   * Creates the provider's fixture. Called once per test class, before its first test; the fixture is closed after
   * its last test.
   */
  protected abstract ProviderFixture fixture();
}
