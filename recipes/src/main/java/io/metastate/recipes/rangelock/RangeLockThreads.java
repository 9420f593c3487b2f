package io.metastate.recipes.rangelock;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Threads for re-evaluating lock spaces: blocking meta-state reads must not run on a provider's event thread. */
final class RangeLockThreads {
  static final ExecutorService POOL = Executors.newCachedThreadPool(daemon("metastate-keylocks-"));
  static final ScheduledExecutorService TIMER = timer();

  private RangeLockThreads() {}

  private static ScheduledExecutorService timer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemon("metastate-keylocks-timer-"));
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
