package io.metastate.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child process of a test: a test main class in a separate JVM ({@link #java}), for faults one process cannot
 * inflict on itself (SIGKILL, SIGSTOP/SIGCONT, a second owner of a directory), or a native tool such as
 * {@code etcdctl} ({@link #start}). Its standard output is collected by lines as it comes: read in order
 * ({@link #readLine}, {@link #readUntil}, {@link #awaitLineStartingWith}) or look at everything so far
 * ({@link #lines}).
 */
public final class ChildProcess implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new ArrayList<>(); // guarded by this
  private boolean ended; // guarded by this
  private int cursor; // guarded by this: the next line readLine returns

  private ChildProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::collect, "child-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code main} with {@code args} in a JVM of this JVM's java and classpath; its stderr goes to ours. */
  public static ChildProcess java(Class<?> main, String... args) throws IOException {
    return start(new ProcessBuilder(javaCommand(main, args)).redirectError(ProcessBuilder.Redirect.INHERIT));
  }

  /** The command line that runs {@code main} with {@code args} in a small JVM like this one (java, classpath). */
  public static List<String> javaCommand(Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-XX:TieredStopAtLevel=1"); // starts faster; the child is short-lived
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return command;
  }

  /** Starts {@code builder}'s command; its standard output is collected here, its stderr goes where it says. */
  public static ChildProcess start(ProcessBuilder builder) throws IOException {
    return new ChildProcess(builder.start());
  }

  private void collect() {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        synchronized (this) {
          lines.add(line);
          notifyAll();
        }
      }
    } catch (IOException e) {
      // the child is gone; what it printed before is kept
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }

  /** Every line printed so far. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** The next line not yet read, waiting for it; null once the child's output has ended. */
  public synchronized String readLine() throws InterruptedException {
    while (cursor == lines.size() && !ended) {
      wait();
    }
    return cursor < lines.size() ? lines.get(cursor++) : null;
  }

  /** Reads until a line equal to {@code expected}, returning the lines before it; fails at end of output. */
  public List<String> readUntil(String expected) throws InterruptedException {
    List<String> before = new ArrayList<>();
    for (String line = readLine(); line != null; line = readLine()) {
      if (line.equals(expected)) {
        return before;
      }
      before.add(line);
    }
    throw new IllegalStateException("child ended before printing '" + expected + "'; it printed " + before);
  }

  /** The next line not yet read, waiting at most {@code limit}; null if none came or the output has ended. */
  public synchronized String readLine(Duration limit) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    for (long left = limit.toNanos(); cursor == lines.size() && !ended && left > 0; left = end - System.nanoTime()) {
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return cursor < lines.size() ? lines.get(cursor++) : null;
  }

  /**
   * Reads until a line starting with {@code prefix}, within {@code limit}, and returns the rest of it; fails naming
   * the prefix if the output ends or the limit passes first.
   */
  public String awaitLineStartingWith(String prefix, Duration limit) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    for (String line = readLine(limit); line != null; line = readLine(Duration.ofNanos(end - System.nanoTime()))) {
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length()).trim();
      }
    }
    throw new AssertionError("no line starting with '" + prefix + "' from process " + process.pid() + " within "
        + limit + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")"));
  }

  /**
   * Hands each next line to {@code line} until it has answered true {@code count} times (or the output ended), then
   * SIGKILLs the child and hands {@code line} what it printed before it died: a crash at a chosen moment.
   */
  public void killAfter(int count, Predicate<String> line) throws InterruptedException {
    int counted = 0;
    String next;
    while (counted < count && (next = readLine()) != null) {
      counted += line.test(next) ? 1 : 0;
    }
    kill();
    while ((next = readLine()) != null) {
      line.test(next); // what it printed before it died is still in the pipe
    }
  }

  /** The child process, for its standard input and exit code. */
  public Process process() {
    return process;
  }

  /** SIGSTOP: the child freezes, its sockets open. */
  public void pause() {
    Signals.send(process.pid(), "STOP");
  }

  /** SIGCONT. */
  public void resume() {
    Signals.send(process.pid(), "CONT");
  }

  /** SIGTERM, then wait up to {@code limit} for the process to end: it may clean up (unlock, revoke its lease). */
  public void terminate(Duration limit) throws InterruptedException {
    process.destroy();
    process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * SIGKILL (a stopped child dies of it too), then wait for the process to be gone. Through the
   * {@link ProcessHandle}, because {@link Process#destroyForcibly()} also closes our end of its pipes, losing what it
   * printed just before.
   */
  public void kill() throws InterruptedException {
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
