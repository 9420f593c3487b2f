package io.metastate.tck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/** Runs one task per client on its own thread, all released at once, and collects their failures. */
final class Workers implements AutoCloseable {
  private final ExecutorService pool;
  private final List<Future<?>> futures = new ArrayList<>();

  private Workers(int n, IntConsumer task) {
    pool = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, "tck-worker");
      t.setDaemon(true);
      return t;
    });
    CountDownLatch start = new CountDownLatch(1);
    for (int i = 0; i < n; i++) {
      int id = i;
      futures.add(pool.submit(() -> {
        start.await();
        task.accept(id);
        return null;
      }));
    }
    start.countDown();
  }

  /** Starts {@code n} workers running {@code task(workerIndex)}. */
  static Workers start(int n, IntConsumer task) {
    return new Workers(n, task);
  }

  /** Waits for every worker; rethrows the first failure. */
  void join(Duration atMost) throws Exception {
    long deadline = System.nanoTime() + atMost.toNanos();
    for (Future<?> f : futures) {
      try {
        f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof Exception ex ? ex : new IllegalStateException(e.getCause());
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("workers did not finish within " + atMost + " (a provider call hangs?)", e);
      }
    }
  }

  /**
   * Lets the workers finish on their own: interrupting a thread inside a provider call could break the provider's
   * I/O (an interrupted FileChannel closes) and turn one failing test into many.
   */
  @Override
  public void close() {
    pool.shutdown();
  }
}
