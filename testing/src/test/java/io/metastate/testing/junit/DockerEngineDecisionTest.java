package io.metastate.testing.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** When a backend runs in containers, falls back, or fails: the decision apart from probing a real engine. */
class DockerEngineDecisionTest {
  private static final Optional<String> BROKEN = Optional.of("Testcontainers found no Docker engine");

  @Test
  @DisplayName("in CI a missing engine fails, and the message says how to get one")
  void ciWithoutEngineFails() {
    assertThatThrownBy(() -> DockerEngine.decide("etcd", "auto", BROKEN, true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("etcd must run in Testcontainers (CI=true)")
        .hasMessageContaining("Testcontainers found no Docker engine")
        .hasMessageContaining("apt-get install docker.io")
        .hasMessageContaining("dockerd --bridge=none --iptables=false")
        .hasMessageContaining("-Dmetastate.testing.mode=local");
  }

  @Test
  @DisplayName("outside CI a missing engine falls back to the local server")
  void outsideCiFallsBack() {
    assertThat(DockerEngine.decide("etcd", "auto", BROKEN, false)).isFalse();
  }

  @Test
  @DisplayName("a working engine is used, in CI and outside")
  void workingEngineIsUsed() {
    assertThat(DockerEngine.decide("etcd", "auto", Optional.empty(), true)).isTrue();
    assertThat(DockerEngine.decide("etcd", "auto", Optional.empty(), false)).isTrue();
  }

  @Test
  @DisplayName("mode=testcontainers fails without an engine even outside CI; mode=local never uses one")
  void forcedModes() {
    assertThatThrownBy(() -> DockerEngine.decide("ZooKeeper", "testcontainers", BROKEN, false))
        .hasMessageContaining("ZooKeeper must run in Testcontainers (metastate.testing.mode=testcontainers)");
    assertThat(DockerEngine.decide("etcd", "local", Optional.empty(), true)).isFalse();
  }

  @Test
  @DisplayName("an unknown mode is named in the error")
  void unknownMode() {
    assertThatThrownBy(() -> DockerEngine.decide("etcd", "podman", Optional.empty(), false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'podman'");
  }
}
