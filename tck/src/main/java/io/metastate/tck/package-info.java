/**
 * The metastate compatibility kit (TCK): abstract JUnit 5 contract classes that any provider runs to prove it honours
 * the contract. A provider's test extends {@link io.metastate.tck.CoordinationCompatibilityKit} and returns a
 * {@link io.metastate.tck.ProviderFixture} (how to open clients, which fault hooks it has); the kit does the rest,
 * skips by name what the fixture cannot do, and writes {@code target/metastate-tck-report.txt}.
 *
 * <p>Timeouts scale with {@code -Dmetastate.test.timeScale}; randomized workloads print their seed and replay with
 * {@code -Dmetastate.tck.seed}.
 */
package io.metastate.tck;
