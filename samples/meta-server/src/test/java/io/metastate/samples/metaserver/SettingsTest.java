package io.metastate.samples.metaserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import com.google.inject.multibindings.MapBinder;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.ConfigurationException;
import io.metastate.guice.MetaStateModule;
import io.metastate.samples.metaserver.balance.Balancer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Meta server settings and balancer selection")
class SettingsTest {
  private static Injector injector(Map<String, String> values, AbstractModule... extra) {
    // MetaStateModule opens nothing until a metastate service is used, so no provider is needed here.
    com.google.inject.Module[] modules = new com.google.inject.Module[extra.length + 2];
    modules[0] = MetaStateModule.of(MetaStateConfig.of(values));
    modules[1] = new MetaServerModule();
    System.arraycopy(extra, 0, modules, 2, extra.length);
    return Guice.createInjector(modules);
  }

  @Test
  @DisplayName("defaults fail a node over within three seconds: lease + grace well under it")
  void defaults() {
    Settings s = Settings.from(MetaStateConfig.of(Map.of()));
    assertThat(s.nodeLease().plus(s.nodeGrace())).isLessThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(s.balancer()).isEqualTo("greedy");
  }

  @Test
  @DisplayName("bad values are refused naming the key and the value")
  void badValues() {
    assertThatThrownBy(() -> Settings.from(MetaStateConfig.of(Map.of("metaserver.http.port", "70000"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("metaserver.http.port")
        .hasMessageContaining("'70000'");
    assertThatThrownBy(() -> Settings.from(MetaStateConfig.of(Map.of("metaserver.node.lease", "soon"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("metaserver.node.lease")
        .hasMessageContaining("'soon'");
    assertThatThrownBy(() -> Settings.from(MetaStateConfig.of(Map.of("metaserver.partitions", "-3"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("metaserver.partitions");
    assertThatThrownBy(() -> Settings.from(MetaStateConfig.of(Map.of("metaserver.node.beacon-interval", "2s"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("must be shorter than metaserver.node.lease");
    assertThatThrownBy(() -> Settings.from(MetaStateConfig.of(Map.of("metaserver.cluster", "a/b"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'a/b'");
  }

  @Test
  @DisplayName("the balancer is chosen by name from the multibinding; an unknown name lists the known ones")
  void balancerByName() {
    Balancer mine = Balancer.simple();
    AbstractModule plugin = new AbstractModule() {
      @Override
      protected void configure() {
        MapBinder.newMapBinder(binder(), String.class, Balancer.class).addBinding("mine").toInstance(mine);
      }
    };
    assertThat(injector(Map.of("metaserver.balancer", "mine"), plugin).getInstance(Balancer.class)).isSameAs(mine);
    assertThatThrownBy(() -> injector(Map.of("metaserver.balancer", "fancy")).getInstance(Balancer.class))
        .isInstanceOf(ProvisionException.class)
        .hasMessageContaining("metaserver.balancer 'fancy' is unknown; use one of [greedy, simple]");
  }

  @Test
  @DisplayName("missing or equal tokens are refused")
  void tokens() {
    assertThatThrownBy(() -> injector(Map.of()).getInstance(io.metastate.samples.metaserver.http.Tokens.class))
        .hasMessageContaining("metaserver.auth.node-token");
    assertThatThrownBy(() -> injector(Map.of("metaserver.auth.node-token", "same-token",
        "metaserver.auth.admin-token", "same-token")).getInstance(io.metastate.samples.metaserver.http.Tokens.class))
        .hasMessageContaining("must differ");
  }
}
