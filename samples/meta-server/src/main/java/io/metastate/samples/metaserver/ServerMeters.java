package io.metastate.samples.metaserver;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The meta server's own meters, beside the library's: nodes alive, partitions without a live primary, failovers and
 * their duration, write-backs by outcome, and the leader term. The gauges read the leader's view (0 on a follower).
 */
final class ServerMeters {
  private final MeterRegistry registry;
  private final Counter failovers;
  private final Timer failoverDuration;

  ServerMeters(MeterRegistry registry) {
    this.registry = registry;
    this.failovers = Counter.builder("metaserver.failovers")
        .description("Dead nodes whose partitions all moved to live primaries").register(registry);
    this.failoverDuration = Timer.builder("metaserver.failover.duration")
        .description("From a dead node's last beacon to every partition it led on a live primary")
        .publishPercentileHistogram(false).register(registry);
  }

  /** Registers the gauges that read the server's current view. */
  void gauges(Supplier<Number> nodesAlive, Supplier<Number> partitionsWithoutPrimary, Supplier<Number> term) {
    Gauge.builder("metaserver.nodes.alive", nodesAlive, s -> s.get().doubleValue())
        .description("App nodes the leader considers alive").strongReference(true).register(registry);
    Gauge.builder("metaserver.partitions.without.primary", partitionsWithoutPrimary, s -> s.get().doubleValue())
        .description("Partitions with no primary, or a primary that is not alive").strongReference(true)
        .register(registry);
    Gauge.builder("metaserver.leader.term", term, s -> s.get().doubleValue())
        .description("The fencing token of this server's leadership term; 0 while it follows")
        .strongReference(true).register(registry);
  }

  void failover(Duration took) {
    failovers.increment();
    failoverDuration.record(took);
  }

  /** A write-back answered: applied, duplicate, superseded (all durable), refused (409) or failed. */
  void writeBack(String outcome) {
    Counter.builder("metaserver.writebacks").description("Write-backs by how the leader answered")
        .tag("outcome", outcome).register(registry).increment();
  }
}
