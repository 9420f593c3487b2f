package io.metastate.zookeeper;

import io.metastate.tck.CompatibilityKit;
import io.metastate.tck.FencedCounterContract;
import io.metastate.tck.ProviderFixture;
import io.metastate.tck.SessionContract;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The kit's fault-driven groups (fenced counter, sessions) against ZooKeeper in a separate JVM: the backend is paused
 * with SIGSTOP and killed with SIGKILL, which the in-process run of {@link ZooKeeperCompatibilityTest} cannot do.
 * (Tokens across a SIGKILL of the leader are also shown by {@link EnsembleFailoverTest}.) The cut-off cases are
 * skipped here because this fixture has no per-client proxy; they run in {@link ZooKeeperCompatibilityTest}.
 */
class ZooKeeperProcessFaultsTest extends CompatibilityKit {
  @Override
  protected ProviderFixture fixture() {
    return new ZooKeeperProcessFixture();
  }

  @Nested
  @DisplayName("Fenced counter (separate JVM: SIGSTOP, SIGKILL)")
  class FencedCounter extends FencedCounterContract {}

  @Nested
  @DisplayName("Sessions (separate JVM: SIGSTOP)")
  class Sessions extends SessionContract {}
}
