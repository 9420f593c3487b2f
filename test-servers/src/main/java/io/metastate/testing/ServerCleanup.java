package io.metastate.testing;

import java.nio.file.Path;

/**
 * What a server launcher owes the machine: its processes stopped even when a test forgets to close it (a JVM
 * shutdown hook), and on {@link #close()}, once, the processes stopped, the hook withdrawn and the data dir deleted.
 */
public final class ServerCleanup implements AutoCloseable {
  private final Path dir;
  private final Runnable stop;
  private final Thread hook;
  private boolean closed;

  private ServerCleanup(String name, Path dir, Runnable stop) {
    this.dir = dir;
    this.stop = stop;
    this.hook = new Thread(stop, name + "-test-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** From now on {@code stop} runs at JVM exit (keeping {@code dir}) or at {@link #close()} (deleting it). */
  public static ServerCleanup register(String name, Path dir, Runnable stop) {
    return new ServerCleanup(name, dir, stop);
  }

  /** Stops the server and deletes its data dir. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop.run();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: nothing to remove
    }
    Loopback.deleteTree(dir);
  }
}
