package io.metastate.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metastate.CoordinationClient;
import io.metastate.config.ConfigKeys;
import io.metastate.config.MetaStateConfig;
import io.metastate.recipes.election.LeaderCandidate;
import io.metastate.recipes.election.LeaderInfo;
import io.metastate.recipes.election.Leadership;
import io.metastate.recipes.rangelock.KeyLease;
import io.metastate.recipes.rangelock.KeyLockInfo;
import io.metastate.recipes.rangelock.LockMode;
import io.metastate.testing.TestTiming;
import jakarta.enterprise.inject.Instance;
import java.nio.file.Path;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("CDI producers of the recipes, on the local-file provider")
class RecipesCdiTest {
  @TempDir
  Path dir;

  private WeldContainer boot(String id) {
    MetaStateConfig config = MetaStateConfig.builder()
        .set(ConfigKeys.PROVIDER, "localfile")
        .set("metastate.localfile.dir", dir.toString())
        .build();
    return Containers.boot(id, config, RecipeBeans.Players.class, RecipeBeans.Leaders.class);
  }

  @Test
  @DisplayName("an injected candidate builder and observer of one election see the same leader")
  void electionByName() {
    try (WeldContainer container = boot("recipes-election")) {
      RecipeBeans.Leaders leaders = container.select(RecipeBeans.Leaders.class).get();
      long sessionId = container.select(CoordinationClient.class).get().session().id();
      assertThat(leaders.observer().electionName()).isEqualTo("cdi-leaders");

      try (LeaderCandidate candidate = leaders.candidacy().metadata(new byte[] {7}).start()) {
        Leadership term = candidate.awaitLeadership(TestTiming.waitLimit()).orElseThrow();
        assertThat(term.electionName()).isEqualTo("cdi-leaders");
        await().atMost(TestTiming.waitLimit()).untilAsserted(() -> assertThat(leaders.observer().leader()
            .map(LeaderInfo::token)).contains(term.token()));
        assertThat(leaders.observer().leader().orElseThrow().sessionId()).isEqualTo(sessionId);
      }
    }
  }

  @Test
  @DisplayName("a key space injected into a bean is closed, releasing its leases, when the bean is destroyed")
  void keySpaceClosedWithItsBean() {
    try (WeldContainer container = boot("recipes-keyspace")) {
      Instance<RecipeBeans.Players> players = container.select(RecipeBeans.Players.class);
      RecipeBeans.Players bean = players.get();
      assertThat(bean.space.name()).isEqualTo("cdi-players");
      KeyLease lease = bean.space.tryLock("p-1", LockMode.WRITE).orElseThrow();
      RecipeBeans.Leaders other = container.select(RecipeBeans.Leaders.class).get();
      assertThat(other.players().holders()).extracting(KeyLockInfo::token).containsExactly(lease.token());

      players.destroy(bean);

      assertThat(lease.isHeld()).isFalse();
      assertThat(other.players().holders()).isEmpty();
      assertThat(other.players().tryLock("p-1", LockMode.WRITE)).isPresent();
    }
  }
}
