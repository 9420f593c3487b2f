package io.metastate.micrometer;

import io.metastate.CoordinationClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;

/**
 * Metrics and traces for any {@link CoordinationClient}, on the Micrometer Observation API: lock acquisitions, leases
 * held and lost, the session's state and time spent suspended, meta-state operations, watch events and fenced writes
 * rejected, each tagged with the {@code provider}. Timed operations are {@link io.micrometer.observation.Observation
 * Observations}, so the same calls yield spans wherever a tracing handler is registered.
 *
 * <pre>{@code
 * MetaStateMetrics metrics = MetaStateMetrics.of(meterRegistry);
 * CoordinationClient client = metrics.instrument(MetaState.open());
 * }</pre>
 *
 * <p>Instrument one client per provider and registry (the usual one client per process): meters are keyed by the
 * provider tag, and a second client of the same provider would share the first one's gauges. The instrumented
 * client hands out the provider's own lock leases, so {@link io.metastate.state.Op#lockHeld} keeps working with any
 * service, instrumented or not.
 */
public final class MetaStateMetrics {
  private final MeterRegistry meters;
  private final ObservationRegistry observations;

  private MetaStateMetrics(MeterRegistry meters, ObservationRegistry observations) {
    this.meters = Objects.requireNonNull(meters, "meters");
    this.observations = Objects.requireNonNull(observations, "observations");
  }

  /** Records into {@code meters}: timed operations become timers through a {@link DefaultMeterObservationHandler}. */
  public static MetaStateMetrics of(MeterRegistry meters) {
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    return new MetaStateMetrics(meters, observations);
  }

  /**
   * Records counters and gauges into {@code meters}, and timed operations as observations of {@code observations},
   * which decides what they become (timers need a meter handler registered there, spans a tracing handler).
   */
  public static MetaStateMetrics of(MeterRegistry meters, ObservationRegistry observations) {
    return new MetaStateMetrics(meters, observations);
  }

  /** The registry counters and gauges go to. */
  public MeterRegistry meterRegistry() {
    return meters;
  }

  /** The registry timed operations are observed in. */
  public ObservationRegistry observationRegistry() {
    return observations;
  }

  /**
   * A client that records what {@code client} does. Closing it closes {@code client}. Starts watching the session
   * at once, so the session gauges are current from this call on.
   */
  public CoordinationClient instrument(CoordinationClient client) {
    Objects.requireNonNull(client, "client");
    if (client instanceof MeteredClient already) {
      return already;
    }
    return new MeteredClient(client, new Meters(meters, observations, client.providerName()));
  }
}
