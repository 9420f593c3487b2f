package io.metastate.cdi;

import io.metastate.CoordinationClient;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * Instruments the produced client with {@code metastate-micrometer} when the application has a Micrometer
 * {@code MeterRegistry} bean (and, for traces, an {@code ObservationRegistry} bean). Without Micrometer or the module
 * on the classpath it does nothing: the types are looked up by name first, so this module never needs them.
 */
final class Metrics {
  private static final boolean AVAILABLE = present("io.micrometer.core.instrument.MeterRegistry")
      && present("io.metastate.micrometer.MetaStateMetrics");

  private Metrics() {}

  static CoordinationClient instrument(CoordinationClient client, BeanManager beans) {
    return AVAILABLE ? MicrometerBinding.instrument(client, beans) : client;
  }

  private static boolean present(String type) {
    try {
      Class.forName(type, false, Metrics.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
