package io.metastate.cdi;

import io.metastate.CoordinationClient;
import io.metastate.micrometer.MetaStateMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;

/** The Micrometer side of {@link Metrics}: loaded only when Micrometer and metastate-micrometer are present. */
final class MicrometerBinding {
  private MicrometerBinding() {}

  static CoordinationClient instrument(CoordinationClient client, BeanManager beans) {
    Instance<Object> all = beans.createInstance();
    Instance<MeterRegistry> meters = all.select(MeterRegistry.class);
    if (!meters.isResolvable()) {
      return client;
    }
    Instance<ObservationRegistry> observations = all.select(ObservationRegistry.class);
    MetaStateMetrics metrics = observations.isResolvable()
        ? MetaStateMetrics.of(meters.get(), observations.get()) : MetaStateMetrics.of(meters.get());
    return metrics.instrument(client);
  }
}
