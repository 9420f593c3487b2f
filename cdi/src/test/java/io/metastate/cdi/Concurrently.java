package io.metastate.cdi;

import io.metastate.testing.TestTiming;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Contention for the {@code @Locked} tests: callers on threads of their own, let go at the same moment. */
final class Concurrently {
  private Concurrently() {}

  /** Each of {@code callers} on a thread of its own, {@code times} calls in a row; fails on the first failure. */
  static void run(int times, List<Runnable> callers) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(callers.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (Runnable call : callers) {
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < times; i++) {
            call.run();
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(TestTiming.seconds(60).toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
