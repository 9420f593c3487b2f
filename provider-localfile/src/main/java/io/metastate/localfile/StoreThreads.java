package io.metastate.localfile;

import io.metastate.provider.support.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The daemon threads of one open store: events and lock grants, {@code state().async()} calls, the reaper. */
final class StoreThreads {
  /** Threads that run {@code state().async()} calls. */
  static final int ASYNC_THREADS = 32;

  private final ExecutorService events = DaemonThreads.cachedPool("localfile-events");
  // Async calls block a thread for a commit each; a bounded pool keeps thousands of pipelined calls from making
  // thousands of threads, while still letting up to ASYNC_THREADS writes share one group commit.
  private final ThreadPoolExecutor async = new ThreadPoolExecutor(ASYNC_THREADS, ASYNC_THREADS, 30, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), DaemonThreads.named("localfile-async"));
  private final ScheduledExecutorService reaper =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("localfile-reaper"));

  StoreThreads() {
    async.allowCoreThreadTimeOut(true);
  }

  /** Events and lock grants; inline once the store is closed (their clients are closed and fail fast). */
  Executor events() {
    return orInline(events);
  }

  /** {@code state().async()} calls; inline once the store is closed, like {@link #events()}. */
  Executor async() {
    return orInline(async);
  }

  void startReaper(Runnable pass, Duration period) {
    long millis = period.toMillis();
    reaper.scheduleWithFixedDelay(pass, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Stops the reaper at once, so no pass runs while the store closes. */
  void stopReaper() {
    reaper.shutdownNow();
  }

  /** Lets queued events and async calls finish; new ones run inline. */
  void shutdown() {
    reaper.shutdownNow();
    events.shutdown();
    async.shutdown();
  }

  private static Executor orInline(ExecutorService pool) {
    return task -> {
      try {
        pool.execute(task);
      } catch (RejectedExecutionException closed) {
        task.run();
      }
    };
  }
}
