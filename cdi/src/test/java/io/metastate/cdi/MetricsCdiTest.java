package io.metastate.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.config.ConfigKeys;
import io.metastate.config.MetaStateConfig;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("CDI: the produced client is instrumented when the application has a MeterRegistry bean")
class MetricsCdiTest {
  @TempDir Path dir;

  /** The application's registry, as a bean. */
  static final class MeterBeans {
    static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

    @Produces
    @Singleton
    SimpleMeterRegistry registry() {
      return REGISTRY;
    }
  }

  private MetaStateConfig config() {
    return MetaStateConfig.builder().set(ConfigKeys.PROVIDER, "localfile")
        .set("metastate.localfile.dir", dir.toString()).build();
  }

  @Test
  @DisplayName("with a MeterRegistry bean, operations through injected services are recorded")
  void withRegistry() {
    try (WeldContainer container = Containers.boot("metrics-with", config(), MeterBeans.class)) {
      container.select(MetaStateService.class).get().create("/m", new byte[0], CreateMode.PERSISTENT);
      assertThat(container.select(CoordinationClient.class).get().locks().getClass().getSimpleName())
          .isEqualTo("MeteredLocks");
      assertThat(MeterBeans.REGISTRY.get("metastate.state.op").tags("provider", "localfile", "op", "create")
          .timer().count()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("without one, the client is the provider's own")
  void withoutRegistry() {
    try (WeldContainer container = Containers.boot("metrics-without", config())) {
      CoordinationClient client = container.select(CoordinationClient.class).get();
      assertThat(client.locks().getClass().getSimpleName()).isNotEqualTo("MeteredLocks");
      client.state().create("/n", new byte[0], CreateMode.PERSISTENT);
    }
  }
}
