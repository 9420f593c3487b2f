package io.metastate.etcd;

import io.metastate.provider.support.ComponentThreads;
import java.util.concurrent.Executor;

/**
 * Runs what may block off jetcd's event loop. jetcd hands every reply of a client, keep-alives included, to one
 * Vert.x event-loop thread, and completes our futures there: whatever runs in their continuations runs on that thread.
 * A continuation that blocks on etcd (a caller's {@code thenAccept(LockLease::release)}, or our own release of a grant
 * that raced a cancel) waits for a reply only that thread can deliver, so the client hears nothing, its keep-alives
 * included, until the request times out, and the session expires meanwhile. Futures handed to callers, and such
 * steps of ours, are completed here instead: threads made on demand, idle ones end after a minute.
 */
final class Callbacks implements Executor {
  private final ComponentThreads pool = ComponentThreads.of("etcd-callbacks");

  /** Runs {@code task} on a pool thread; once the client is shut down, on the calling thread (it must still run). */
  @Override
  public void execute(Runnable task) {
    pool.execute(task);
  }

  /** No new threads; tasks already running finish. */
  void shutdown() {
    pool.close();
  }
}
