package io.metastate.testing.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.testing.TestTiming;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code zookeeper(3)}: an ensemble on 127.0.0.1 that keeps serving with one server killed, and takes it back. */
class ZooKeeperEnsembleBackendTest {
  @RegisterExtension static MetaStateBackend zookeeper = MetaStateBackend.zookeeper(3);

  @Test
  @DisplayName("three servers serve; with one killed the other two keep a quorum; restarted, it rejoins")
  void quorumSurvivesOneServer() {
    List<Integer> ports = Arrays.stream(zookeeper.config().require("metastate.zookeeper.connect").split(","))
        .map(a -> {
          assertThat(a).startsWith("127.0.0.1:");
          return Integer.parseInt(a.substring(a.indexOf(':') + 1));
        }).toList();
    assertThat(ports).hasSize(3).allMatch(Probes::zooKeeperServing);
    zookeeper.kill(0);
    assertThat(Probes.zooKeeperServing(ports.get(0))).isFalse();
    Awaitility.await().atMost(TestTiming.seconds(30))
        .until(() -> Probes.zooKeeperServing(ports.get(1)) && Probes.zooKeeperServing(ports.get(2)));
    zookeeper.restart(0);
    assertThat(Probes.zooKeeperServing(ports.get(0))).isTrue();
  }
}
