package io.metastate.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.tck.history.CheckResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** What the history-checking contracts share: the workload's seed, rounds that start together, the verdict. */
final class Workloads {
  private Workloads() {}

  /**
   * One client's part in a workload: its index, its random stream (the run's seed plus the index, so that a seed
   * replays every client's choices), and the rounds it starts together with the others.
   */
  record Worker(int id, Random random, CyclicBarrier rounds, Duration timeout) {
    /** Waits for every other client to get here: call it where a round starts (see {@link Workloads#align}). */
    void align() {
      Workloads.align(rounds, timeout);
    }
  }

  /** Runs {@code task} for each of {@code clients} workers at once and waits for all of them (three kit timeouts). */
  static void run(KitContext kit, int clients, long seed, Consumer<Worker> task) throws Exception {
    CyclicBarrier rounds = new CyclicBarrier(clients);
    try (Workers w = Workers.start(clients,
        id -> task.accept(new Worker(id, new Random(seed + id), rounds, kit.timeout())))) {
      w.join(kit.timeout().multipliedBy(3));
    }
  }

  /** Which worker each client's session belongs to, so that a recorded holder reads as a worker index. */
  static Map<Long, Integer> workerOfSession(List<CoordinationClient> clients) {
    Map<Long, Integer> workerOf = new HashMap<>();
    for (int i = 0; i < clients.size(); i++) {
      workerOf.put(clients.get(i).session().id(), i);
    }
    return workerOf;
  }

  /** The run's seed ({@link KitSeed}): {@code -Dmetastate.tck.seed} replays a failed run. */
  static long seed() {
    return KitSeed.value();
  }

  /**
   * Starts every round of every client together. A fast provider (in-process, microseconds per call) would otherwise
   * let one client finish before the next starts, and a history without overlap proves little.
   */
  private static void align(CyclicBarrier rounds, Duration timeout) {
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
