package io.metastate.samples.metaserver;

import io.metastate.testing.etcd.EtcdCluster;
import io.metastate.testing.etcd.EtcdServers;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Two meta servers on etcd with three app nodes in separate processes")
class EtcdLeaderFailoverTest {
  @TempDir Path dir;

  @Test
  @DisplayName("SIGKILL of the leader meta server mid-run: the follower takes over and nothing acknowledged is lost")
  void leaderKilled() {
    try (EtcdCluster etcd = EtcdServers.start();
        LeaderFailoverScenario scenario = new LeaderFailoverScenario(dir, List.of("--metastate.provider=etcd",
            "--metastate.etcd.endpoints=" + etcd.endpointList(),
            "--metastate.etcd.namespace=metaserver-test-" + UUID.randomUUID() + "/"))) {
      scenario.leaderKilled();
    }
  }
}
