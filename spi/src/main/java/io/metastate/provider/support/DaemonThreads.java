package io.metastate.provider.support;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the threads of one component: daemons (a forgotten client never keeps the JVM alive) named
 * {@code metastate-<component>-<n>}, so that a thread dump says whose each one is and a test can check that a closed
 * component left none behind. Whoever makes a pool from it owns the pool and shuts it down when it closes.
 */
public final class DaemonThreads implements ThreadFactory {
  /** Every thread of the library starts with this. */
  public static final String PREFIX = "metastate-";

  private final String prefix;
  private final AtomicInteger count = new AtomicInteger();

  private DaemonThreads(String component) {
    if (component == null || component.isBlank()) {
      throw new IllegalArgumentException("component must be named, was '" + component + "'");
    }
    this.prefix = PREFIX + component + "-";
  }

  /** A factory of threads named {@code metastate-<component>-1}, {@code -2}, ... */
  public static DaemonThreads named(String component) {
    return new DaemonThreads(component);
  }

  /** A cached pool (threads made on demand, idle ones end after a minute) of {@code component}'s threads. */
  public static ExecutorService cachedPool(String component) {
    return Executors.newCachedThreadPool(named(component));
  }

  /** A one-thread timer of {@code component}; cancelled tasks leave its queue at once. */
  public static ScheduledExecutorService timer(String component) {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, named(component));
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread t = new Thread(task, prefix + count.incrementAndGet());
    t.setDaemon(true);
    return t;
  }

  @Override
  public String toString() {
    return "DaemonThreads[" + prefix + "n]";
  }
}
