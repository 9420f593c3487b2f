package io.metastate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.config.MetaStateConfig;
import io.metastate.error.ConfigurationException;
import io.metastate.error.ProviderNotFoundException;
import io.metastate.provider.TestProviders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MetaState discovery")
class MetaStateDiscoveryTest {
  private static MetaStateConfig config(String... keyValues) {
    MetaStateConfig.Builder b = MetaStateConfig.builder();
    for (int i = 0; i < keyValues.length; i += 2) {
      b.set(keyValues[i], keyValues[i + 1]);
    }
    return b.build();
  }

  @Test
  @DisplayName("lists the providers on the classpath, sorted")
  void available() {
    assertThat(MetaState.availableProviders()).containsExactly("alpha", "beta");
    assertThat(MetaState.provider("beta").name()).isEqualTo("beta");
  }

  @Test
  @DisplayName("opens the provider named by metastate.provider")
  void opens() {
    try (CoordinationClient c = MetaState.open(config("metastate.provider", "alpha"))) {
      assertThat(c.providerName()).isEqualTo("alpha");
    }
  }

  @Test
  @DisplayName("an unknown name fails with the requested name, the key, and the available names")
  void unknown() {
    assertThatThrownBy(() -> MetaState.open(config("metastate.provider", "gamma")))
        .isInstanceOfSatisfying(ProviderNotFoundException.class, e -> {
          assertThat(e.requested()).isEqualTo("gamma");
          assertThat(e.available()).containsExactly("alpha", "beta");
        })
        .hasMessageContaining("'gamma'").hasMessageContaining("metastate.provider").hasMessageContaining("[alpha, beta]");
    assertThatThrownBy(() -> MetaState.provider("gamma")).isInstanceOf(ProviderNotFoundException.class);
    assertThatThrownBy(() -> MetaState.open(config("metastate.provider", "alpha", "metastate.lock.provider", "gamma")))
        .isInstanceOf(ProviderNotFoundException.class).hasMessageContaining("metastate.lock.provider");
  }

  @Test
  @DisplayName("no provider configured: says which key to set and what is available")
  void noneConfigured() {
    assertThatThrownBy(() -> MetaState.open(MetaStateConfig.of(Map.of())))
        .isInstanceOf(ConfigurationException.class).isNotInstanceOf(ProviderNotFoundException.class)
        .hasMessageContaining("metastate.provider").hasMessageContaining("METASTATE_PROVIDER")
        .hasMessageContaining("[alpha, beta]");
  }

  @Test
  @DisplayName("with none on the classpath, says which modules to add")
  void noneOnClasspath() {
    ProviderNotFoundException e = new ProviderNotFoundException("metastate.provider", "x", List.of());
    assertThat(e.getMessage()).contains("none").contains("metastate-provider-localfile");
  }

  @Test
  @DisplayName("separate lock and state providers give a split client that closes both")
  void split() {
    TestProviders.CLOSED.clear();
    CoordinationClient c = MetaState.open(config("metastate.lock.provider", "alpha", "metastate.state.provider", "beta"));
    assertThat(c.providerName()).isEqualTo("alpha+beta");
    c.close();
    assertThat(TestProviders.CLOSED).containsExactlyInAnyOrder("alpha", "beta");
    TestProviders.CLOSED.clear();
    try (CoordinationClient same = MetaState.open(config("metastate.provider", "beta",
        "metastate.lock.provider", "beta"))) {
      assertThat(same.providerName()).isEqualTo("beta");
    }
  }
}
