package io.metastate.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import io.metastate.micrometer.MetaStateMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Instruments the injected {@link io.metastate.CoordinationClient} with {@link MetaStateMetrics}, recording into the
 * application's bound {@link MeterRegistry}. An {@link ObservationRegistry}, if bound (with
 * {@code OptionalBinder.newOptionalBinder(binder(), ObservationRegistry.class).setBinding()...}), receives the timed
 * operations instead, for traces. Install it beside {@link MetaStateModule}; it also binds {@link MetaStateMetrics}
 * for the recipes' meters. Needs {@code metastate-micrometer} and Micrometer on the classpath; no I/O here.
 */
public final class MetaStateMetricsModule extends AbstractModule {
  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), ObservationRegistry.class);
    Multibinder.newSetBinder(binder(), ClientDecorator.class).addBinding().to(Instrument.class);
  }

  @Provides
  @Singleton
  MetaStateMetrics metrics(MeterRegistry meters, Optional<ObservationRegistry> observations) {
    return observations.map(o -> MetaStateMetrics.of(meters, o)).orElseGet(() -> MetaStateMetrics.of(meters));
  }

  /** The decorator: the metrics' instrumented view of the client. */
  static final class Instrument implements ClientDecorator {
    private final MetaStateMetrics metrics;

    @jakarta.inject.Inject
    Instrument(MetaStateMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public io.metastate.CoordinationClient decorate(io.metastate.CoordinationClient client) {
      return metrics.instrument(client);
    }
  }

  @Override
  public boolean equals(Object o) {
    // Installed by several modules (the meta server's and an application's), it binds once.
    return o instanceof MetaStateMetricsModule;
  }

  @Override
  public int hashCode() {
    return MetaStateMetricsModule.class.hashCode();
  }
}
