package io.metastate.recipes.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads of the recipes. Their state machines do blocking meta-state calls, which must not run on a provider's
 * event thread (listeners must not block) nor on the common pool (providers deliver events there). Daemon threads,
 * named after the recipe. Not part of the recipes' API.
 */
public final class RecipeThreads {
  private RecipeThreads() {}

  /** A cached pool of daemon threads named {@code metastate-<recipe>-N}. */
  public static ExecutorService pool(String recipe) {
    return Executors.newCachedThreadPool(daemon("metastate-" + recipe + "-"));
  }

  /** A one-thread timer named {@code metastate-<recipe>-timer-N}; cancelled tasks leave its queue at once. */
  public static ScheduledExecutorService timer(String recipe) {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemon("metastate-" + recipe + "-timer-"));
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
