package io.metastate.samples.metaserver;

import io.metastate.testing.postgresql.LocalPostgres;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Two meta servers on PostgreSQL with three app nodes in separate processes")
class PostgresLeaderFailoverTest {
  @TempDir Path dir;

  @Test
  @DisplayName("SIGKILL of the leader meta server mid-run: the follower takes over and nothing acknowledged is lost")
  void leaderKilled() {
    // The meta server runs unchanged: only the provider key and the provider's own keys differ from etcd's run.
    try (LocalPostgres pg = LocalPostgres.start();
        LeaderFailoverScenario scenario = new LeaderFailoverScenario(dir, List.of("--metastate.provider=postgresql",
            "--metastate.postgresql.url=" + pg.jdbcUrl(), "--metastate.postgresql.user=" + LocalPostgres.USER,
            "--metastate.postgresql.schema=metaserver_test"))) {
      scenario.leaderKilled();
    }
  }
}
