package io.metastate.testing.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.testing.TestTiming;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code etcd(3)}: three members, one config naming them all; the cluster survives losing one member. */
class EtcdClusterBackendTest {
  @RegisterExtension static MetaStateBackend etcd = MetaStateBackend.etcd(3);

  @Test
  @DisplayName("three members serve; with one killed the other two still have a quorum")
  void quorumSurvivesOneMember() {
    List<String> endpoints = Arrays.asList(etcd.config().require("metastate.etcd.endpoints").split(","));
    assertThat(endpoints).hasSize(3).allMatch(e -> e.startsWith("http://127.0.0.1:"));
    assertThat(endpoints).allMatch(Probes::etcdHealthy);
    etcd.kill(2);
    Awaitility.await().atMost(TestTiming.seconds(20))
        .until(() -> Probes.etcdHealthy(endpoints.get(0)) && Probes.etcdHealthy(endpoints.get(1)));
    etcd.restart(2);
    assertThat(Probes.etcdHealthy(endpoints.get(2))).isTrue();
  }
}
