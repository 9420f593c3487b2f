package io.metastate.tck;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The whole compatibility kit for a provider: every line of the contract, one {@code @Nested} group per feature (the
 * core ones, sessions, locks and watches, from {@link CoreCompatibilityKit}). A provider's test extends it and
 * supplies a {@link ProviderFixture}:
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
 * Tests that need a {@link Capability} the fixture does not declare are skipped with a reason naming it. Every run
 * writes a compatibility report, {@code target/metastate-tck-report.txt}
 * (see {@link io.metastate.tck.report.CompatibilityReportListener}).
 */
public abstract class CoordinationCompatibilityKit extends CoreCompatibilityKit {
  @Nested
  @DisplayName("Lock edges")
  class LockEdges extends LockEdgeContract {}

  @Nested
  @DisplayName("Meta-state")
  class MetaStateNodes extends MetaStateContract {}

  @Nested
  @DisplayName("Multi-op transactions")
  class MultiOps extends MultiOpContract {}

  @Nested
  @DisplayName("Paths and limits")
  class Validation extends ValidationContract {}

  @Nested
  @DisplayName("Discovery and configuration")
  class Config extends ConfigContract {}

  @Nested
  @DisplayName("Asynchronous operations")
  class Async extends AsyncContract {}

  @Nested
  @DisplayName("Linearizability")
  class Linearizability extends LinearizabilityContract {}

  @Nested
  @DisplayName("Fenced counter")
  class FencedCounter extends FencedCounterContract {}

  @Nested
  @DisplayName("Acquire timeouts and interrupts")
  class AcquireRules extends AcquireRulesContract {}

  @Nested
  @DisplayName("Lock rules every provider shares")
  class LockRules extends LockRulesContract {}

  @Nested
  @DisplayName("Fairness")
  class Fairness extends FairnessContract {}

  @Nested
  @DisplayName("Every op kind in a transaction")
  class MultiOpKinds extends MultiOpKindsContract {}

  @Nested
  @DisplayName("How a session ends")
  class SessionEnds extends SessionEndContract {}

  @Nested
  @DisplayName("Lost replies")
  class LostReplies extends LostReplyContract {}

  @Nested
  @DisplayName("Late replies and lost requests")
  class DelayedReplies extends DelayedReplyContract {}

  @Nested
  @DisplayName("A clock that jumps")
  class Clock extends ClockContract {}
}
