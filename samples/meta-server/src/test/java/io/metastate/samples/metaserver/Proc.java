package io.metastate.samples.metaserver;

import io.metastate.testing.TestTiming;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A meta server or app node in its own JVM, on the test classpath, that a test can SIGKILL. */
final class Proc implements AutoCloseable {
  final Process process;
  final String ready;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private Proc(Process process, String readyPrefix, Duration limit) {
    this.process = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the process died; waiters time out with a message
      }
    }, "proc-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    this.ready = awaitLine(readyPrefix, limit);
  }

  /** Starts {@code Main <args>} and waits for a stdout line starting with {@code readyPrefix}. */
  static Proc start(Path logDir, String name, String readyPrefix, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", Main.class.getName()));
    cmd.addAll(List.of(args));
    cmd.add("--exit-with-parent");
    try {
      Process p = new ProcessBuilder(cmd).redirectError(logDir.resolve(name + ".log").toFile()).start();
      return new Proc(p, readyPrefix, TestTiming.seconds(60));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for a stdout line starting with {@code prefix}; returns the rest of it. */
  String awaitLine(String prefix, Duration limit) {
    long end = System.nanoTime() + limit.toNanos();
    try {
      while (System.nanoTime() < end) {
        String line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line != null && line.startsWith(prefix)) {
          return line.substring(prefix.length()).trim();
        }
        if (line == null && !process.isAlive() && lines.isEmpty()) {
          throw new AssertionError("process " + process.pid() + " exited with " + process.exitValue()
              + " before printing '" + prefix + "'");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new AssertionError("no '" + prefix + "' line from process " + process.pid() + " within " + limit);
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or released. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill();
  }
}
