package io.metastate.guice;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.metastate.CoordinationClient;
import io.metastate.config.MetaStateConfig;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("MetaStateMetricsModule instruments the injected client into the bound MeterRegistry")
class MetaStateMetricsModuleTest {
  @TempDir Path dir;

  @Test
  @DisplayName("operations on every injected service are recorded with the provider tag; installing twice binds once")
  void instruments() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Injector injector = Guice.createInjector(MetaStateModule.of(MetaStateConfig.of(Map.of(
        "metastate.provider", "localfile", "metastate.localfile.dir", dir.toString()))),
        new MetaStateMetricsModule(), new MetaStateMetricsModule(), new AbstractModule() {
          @Override
          protected void configure() {
            bind(MeterRegistry.class).toInstance(registry);
          }
        });
    try {
      injector.getInstance(MetaStateService.class).create("/m", new byte[0], CreateMode.PERSISTENT);
      injector.getInstance(CoordinationClient.class).locks().tryAcquire("l").orElseThrow();
      assertThat(registry.get("metastate.state.op").tags("provider", "localfile", "op", "create").timer().count())
          .isEqualTo(1);
      assertThat(registry.get("metastate.lock.acquire").tags("outcome", "acquired").timer().count()).isEqualTo(1);
    } finally {
      injector.getInstance(MetaStateLifecycle.class).close();
    }
  }
}
