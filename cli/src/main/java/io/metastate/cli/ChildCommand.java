package io.metastate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command {@code lock} and {@code elect} run while holding: started with extra environment variables, stopped
 * with SIGTERM (to it and its descendants) when the lock is lost, and killed if it ignores that for
 * {@link #KILL_AFTER_SECONDS}. On the process's own streams it inherits them (a terminal stays a terminal); otherwise
 * its output is copied through the run's streams and its stdin is empty.
 */
final class ChildCommand implements AutoCloseable {
  static final long KILL_AFTER_SECONDS = 10;

  private final Process process;
  private final List<Thread> copiers = new ArrayList<>();

  private ChildCommand(Process process) {
    this.process = process;
  }

  /**
   * Starts {@code command}.
   *
   * @throws CliException with status 127 if it cannot be started
   */
  static ChildCommand start(Io io, List<String> command, Map<String, String> environment) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    if (io.inheritable()) {
      builder.inheritIO();
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new CliException(ExitCodes.CANNOT_RUN, "cannot run '" + command.get(0) + "': " + e.getMessage());
    }
    ChildCommand child = new ChildCommand(process);
    io.closeOnExit(child);
    if (!io.inheritable()) {
      try {
        process.getOutputStream().close();
      } catch (IOException ignored) {
        // the child may already be gone
      }
      child.copy(process.getInputStream(), io.out(), "stdout");
      child.copy(process.getErrorStream(), io.err(), "stderr");
    }
    return child;
  }

  private void copy(InputStream from, PrintStream to, String name) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (from) {
        for (int n; (n = from.read(buffer)) > 0; ) {
          synchronized (to) {
            to.write(buffer, 0, n);
            to.flush();
          }
        }
      } catch (IOException ignored) {
        // the child closed its end
      }
    }, "metastate-child-" + name);
    t.setDaemon(true);
    t.start();
    copiers.add(t);
  }

  /** Waits for the command to end; returns its exit status (128 + signal number if a signal ended it). */
  int waitFor() throws InterruptedException {
    int status = process.waitFor();
    for (Thread t : copiers) {
      t.join(TimeUnit.SECONDS.toMillis(2)); // a descendant may still hold the pipe open; don't wait for it forever
    }
    return status;
  }

  /** SIGTERM to the command and its descendants; SIGKILL if it is still alive {@link #KILL_AFTER_SECONDS} later. */
  void terminate() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    Thread reaper = new Thread(() -> {
      try {
        if (!process.waitFor(KILL_AFTER_SECONDS, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "metastate-child-reaper");
    reaper.setDaemon(true);
    reaper.start();
  }

  /** Stops the command if it still runs (the JVM is stopping). */
  @Override
  public void close() {
    if (process.isAlive()) {
      terminate();
      try {
        process.waitFor(KILL_AFTER_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
