package io.metastate.samples.metaserver;

import io.metastate.testing.ChildProcess;
import io.metastate.testing.TestTiming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A meta server or app node in its own JVM, on the test classpath, that a test can SIGKILL or SIGSTOP. */
final class Proc implements AutoCloseable {
  final ChildProcess child;
  final String ready;

  private Proc(ChildProcess child, String readyPrefix, Duration limit) {
    this.child = child;
    this.ready = awaitLine(readyPrefix, limit);
  }

  /** Starts {@code Main <args>} and waits for a stdout line starting with {@code readyPrefix}. */
  static Proc start(Path logDir, String name, String readyPrefix, String... args) {
    List<String> cmd = ChildProcess.javaCommand(Main.class, args);
    cmd.add(cmd.indexOf(Main.class.getName()), "-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    cmd.add("--exit-with-parent");
    try {
      return new Proc(ChildProcess.start(new ProcessBuilder(cmd).redirectError(logDir.resolve(name + ".log").toFile())),
          readyPrefix, TestTiming.seconds(60));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for a stdout line starting with {@code prefix}; returns the rest of it. */
  String awaitLine(String prefix, Duration limit) {
    try {
      return child.awaitLineStartingWith(prefix, limit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for '" + prefix + "'", e);
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or released. */
  void kill() {
    try {
      child.kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill();
  }
}
