package io.metastate.localfile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a test main class in a separate JVM with this JVM's java and classpath, and reads its output by lines. */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final BufferedReader out;

  private ChildJvm(Process process) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  static ChildJvm start(Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-XX:TieredStopAtLevel=1"); // starts faster; the child is short-lived
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ChildJvm(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
  }

  /** The next line of output, or null at end of stream. */
  String readLine() throws IOException {
    return out.readLine();
  }

  /** Reads until a line equal to {@code expected}, returning the lines before it; fails at end of stream. */
  List<String> readUntil(String expected) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.equals(expected)) {
        return lines;
      }
      lines.add(line);
    }
    throw new IllegalStateException("child ended before printing '" + expected + "'; it printed " + lines);
  }

  long pid() {
    return process.pid();
  }

  Process process() {
    return process;
  }

  /**
   * SIGKILL, then wait for the process to be gone. Through the {@link ProcessHandle}, because
   * {@link Process#destroyForcibly()} also closes our end of its pipes, losing what it printed just before.
   */
  void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
