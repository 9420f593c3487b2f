package io.metastate.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.tck.history.CheckResult;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the history-checking contracts share: the workload's seed, rounds that start together, the verdict. */
final class Workloads {
  private Workloads() {}

  /** The run's seed ({@link KitSeed}): {@code -Dmetastate.tck.seed} replays a failed run. */
  static long seed() {
    return KitSeed.value();
  }

  /**
   * Starts every round of every client together. A fast provider (in-process, microseconds per call) would otherwise
   * let one client finish before the next starts, and a history without overlap proves little.
   */
  static void align(CyclicBarrier rounds, Duration timeout) {
    try {
      rounds.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted between rounds", e);
    } catch (BrokenBarrierException | TimeoutException e) {
      throw new IllegalStateException("another client of the workload failed or hung", e);
    }
  }

  /** The checker's verdict, with the seed that replays the workload when it fails. */
  static void assertLinearizable(CheckResult result, long seed) {
    assertThat(result.linearizable()).withFailMessage("%s%n(seed %d: rerun with -Dmetastate.tck.seed=%d)",
        result.describe(), seed, seed).isTrue();
  }
}
