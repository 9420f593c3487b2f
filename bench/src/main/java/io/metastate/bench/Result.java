package io.metastate.bench;

import java.util.Locale;

/**
 * The figures of one measurement.
 *
 * @param name what was measured
 * @param threads how many threads ran the operation
 * @param ops operations completed in the measured phase
 * @param seconds length of the measured phase
 * @param p50Micros median latency of one operation, microseconds
 * @param p99Micros 99th percentile latency, microseconds
 */
public record Result(String name, int threads, long ops, double seconds, double p50Micros, double p99Micros) {
  /** Operations per second over all threads. */
  public double opsPerSecond() {
    return ops / seconds;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%-44s threads=%-3d %12.0f ops/s   p50=%9.1f us   p99=%9.1f us   (%d ops in %.1fs)",
        name, threads, opsPerSecond(), p50Micros, p99Micros, ops, seconds);
  }
}
