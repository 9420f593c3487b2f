package io.metastate.bench.scale;

import java.util.Arrays;

/** Percentiles of recorded latencies (nanoseconds), reported in milliseconds. */
final class Stats {
  private final long[] sorted;

  Stats(long[] nanos, int n) {
    sorted = Arrays.copyOf(nanos, n);
    Arrays.sort(sorted);
  }

  int count() {
    return sorted.length;
  }

  /** The q-quantile (0..1) in milliseconds; 0 with no samples. */
  double ms(double q) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * q))] / 1e6;
  }

  double p50() {
    return ms(0.50);
  }

  double p99() {
    return ms(0.99);
  }

  /** A growable array of latencies that threads append to under its own lock. */
  static final class Recorder {
    private long[] values = new long[1024];
    private int n;

    synchronized void add(long nanos) {
      if (n == values.length) {
        values = Arrays.copyOf(values, n * 2);
      }
      values[n++] = nanos;
    }

    synchronized Stats stats() {
      return new Stats(values, n);
    }

    synchronized void clear() {
      n = 0;
    }
  }
}
