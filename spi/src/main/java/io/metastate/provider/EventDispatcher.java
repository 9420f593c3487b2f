package io.metastate.provider;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs notifications one at a time, in submission order, on a shared pool: the per-session "event thread" that the
 * contract promises, without a thread per session. A listener that throws is logged and does not stop the others.
 */
public final class EventDispatcher implements Executor {
  private static final Logger LOG = Logger.getLogger(EventDispatcher.class.getName());

  private final Executor pool;
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private boolean running;

  /** A dispatcher over the common pool. */
  public EventDispatcher() {
    this(ForkJoinPool.commonPool());
  }

  /** A dispatcher over {@code pool}. */
  public EventDispatcher(Executor pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (queue) {
      queue.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    pool.execute(this::drain);
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (queue) {
        next = queue.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      try {
        next.run();
      } catch (RuntimeException | Error e) {
        LOG.log(Level.WARNING, "metastate listener failed", e);
      }
    }
  }
}
