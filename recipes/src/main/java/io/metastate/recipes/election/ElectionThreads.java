package io.metastate.recipes.election;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads of the election recipe. Its state machines do blocking meta-state calls, which must not run on a
 * provider's event thread (listeners must not block) nor on the common pool (providers deliver events there).
 */
final class ElectionThreads {
  static final ExecutorService POOL = Executors.newCachedThreadPool(daemon("metastate-election-"));
  static final ScheduledExecutorService TIMER = timer();

  private ElectionThreads() {}

  private static ScheduledExecutorService timer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemon("metastate-election-timer-"));
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
