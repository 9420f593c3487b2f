package io.metastate.provider.support;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The threads of one component instance (a recipe's candidate or lock space, a client): a cached pool for work that
 * may block, and a one-thread timer, both of {@link DaemonThreads}. The component makes its own and closes them when
 * it closes or its session ends; never a static pool, which would outlive the component, and with it a redeploy of
 * the application that used it. Threads are made on first use, so a component that never needs one has none.
 *
 * <p>After {@link #close()}, a task handed to {@link #execute} runs on the calling thread: the work still arriving
 * for a closed component is cleanup (releasing a grant that raced the close, telling a listener of the end), and must
 * not be lost. A task {@linkplain #schedule scheduled} after close is dropped: a closed component retries nothing.
 */
public final class ComponentThreads implements Executor, AutoCloseable {
  private final ExecutorService pool;
  private final ScheduledExecutorService timer;

  private ComponentThreads(String component) {
    this.pool = DaemonThreads.cachedPool(component);
    this.timer = DaemonThreads.timer(component + "-timer");
  }

  /** The threads of one instance of {@code component}: {@code metastate-<component>-<n>} and {@code -timer-<n>}. */
  public static ComponentThreads of(String component) {
    return new ComponentThreads(component);
  }

  /** Runs {@code task} on the pool, or on the calling thread once closed. */
  @Override
  public void execute(Runnable task) {
    try {
      pool.execute(task);
    } catch (RejectedExecutionException closed) {
      task.run();
    }
  }

  /** Runs {@code task} on the timer after {@code delay}; it should only hand work on. Dropped once closed. */
  public void schedule(Runnable task, long delay, TimeUnit unit) {
    try {
      timer.schedule(task, delay, unit);
    } catch (RejectedExecutionException closed) {
      // closed: nothing to retry or time out any more
    }
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return pool.isShutdown();
  }

  /**
   * Ends the threads: tasks already running or queued finish, pending timers are dropped, idle threads end now.
   * Idempotent; may be called from one of the component's own threads.
   */
  @Override
  public void close() {
    timer.shutdownNow();
    pool.shutdown();
  }

  @Override
  public String toString() {
    return "ComponentThreads[" + pool + "]";
  }
}
