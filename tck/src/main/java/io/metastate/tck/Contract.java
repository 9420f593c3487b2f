package io.metastate.tck;

import org.junit.jupiter.api.BeforeEach;

/**
 * The base of every contract class: gives its tests the {@link KitContext} of the running test. Contract classes are
 * abstract and run as {@code @Nested} groups of a {@link CompatibilityKit}, which supplies the fixture.
 */
public abstract class Contract {
  /** The running test's context: clients, names, faults, waits. */
  protected KitContext kit;

  @BeforeEach
  final void attachKit(KitContext context) {
    this.kit = context;
  }
}
