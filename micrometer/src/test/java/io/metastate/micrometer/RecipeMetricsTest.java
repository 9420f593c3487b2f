package io.metastate.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.LockAlreadyHeldException;
import io.metastate.recipes.election.LeaderCandidate;
import io.metastate.recipes.election.Leadership;
import io.metastate.recipes.election.LeadershipListener;
import io.metastate.recipes.election.LossReason;
import io.metastate.recipes.rangelock.KeyLease;
import io.metastate.recipes.rangelock.KeyLockSpace;
import io.metastate.recipes.rangelock.LockMode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@org.junit.jupiter.api.DisplayName("Recipe meters: the leader gauge follows the term; key-lock requests are timed")
class RecipeMetricsTest {
  @TempDir Path dir;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void leaderGaugeFollowsTheTermAndKeyLockWaitsAreTimed() {
    MetaStateMetrics metrics = MetaStateMetrics.of(registry);
    try (CoordinationClient client = metrics.instrument(MetaState.open(MetaStateConfig.of(Map.of(
        "metastate.provider", "localfile", "metastate.localfile.dir", dir.toString()))))) {
      RecipeMetrics recipes = RecipeMetrics.of(metrics, client);
      LeadershipListener quiet = new LeadershipListener() {
        @Override
        public void elected(Leadership leadership) {}

        @Override
        public void revoked(Leadership leadership, LossReason reason) {}
      };
      LeaderCandidate candidate = LeaderCandidate.builder(client, "jobs")
          .listener(recipes.leadership("jobs", quiet)).start();
      await().until(() -> registry.get("metastate.election.leader").tags("election", "jobs").gauge().value() == 1);
      candidate.close();
      await().until(() -> registry.get("metastate.election.leader").tags("election", "jobs").gauge().value() == 0);

      KeyLockSpace space = recipes.keyLocks(KeyLockSpace.open(client, "accounts"));
      try (KeyLease lease = space.lock("alice", LockMode.WRITE, Duration.ofSeconds(1)).orElseThrow()) {
        assertThat(lease.isHeld()).isTrue();
        assertThatThrownBy(() -> space.tryLock("alice", LockMode.WRITE))
            .isInstanceOf(LockAlreadyHeldException.class);
      }
      assertThat(registry.get("metastate.keylock.wait").tags("space", "accounts", "outcome", "acquired").timer()
          .count()).isEqualTo(1);
      assertThat(registry.get("metastate.keylock.wait").tags("wait", "try", "outcome", "failed").timer().count())
          .isEqualTo(1);
      space.close();
    }
  }
}
