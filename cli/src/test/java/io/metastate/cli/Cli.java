package io.metastate.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real command: in this JVM through picocli with captured streams ({@link #run}), in a thread for the
 * long-running ones ({@link #start}), or as a true subprocess ({@link #subprocess}: {@code java -cp <this
 * classpath> io.metastate.cli.Main}, the jar's main class on the jar's contents).
 */
final class Cli {
  private Cli() {}

  /** What one run left. */
  record Result(int status, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }

    List<String> errLines() {
      return err.lines().toList();
    }

    @Override
    public String toString() {
      return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /** A run in progress: its output so far, and its result when it ends. */
  static final class Running {
    final SyncBuffer out = new SyncBuffer();
    final SyncBuffer err = new SyncBuffer();
    CompletableFuture<Result> result;

    Result await() throws Exception {
      return result.get(TestTimes.limit().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** A byte buffer safe to read while another thread writes. */
  static final class SyncBuffer extends ByteArrayOutputStream {
    @Override
    public synchronized String toString() {
      return new String(toByteArray(), StandardCharsets.UTF_8);
    }
  }

  static Result run(String... args) {
    return run(new byte[0], args);
  }

  static Result run(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(stdin));
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Starts a run in another thread (lock, watch, elect); its output can be read while it runs. */
  static Running start(String... args) {
    Running r = new Running();
    r.result = CompletableFuture.supplyAsync(() -> {
      int status = Main.run(args, new PrintStream(r.out, true, StandardCharsets.UTF_8),
          new PrintStream(r.err, true, StandardCharsets.UTF_8), InputStream.nullInputStream());
      return new Result(status, r.out.toString(), r.err.toString());
    }, runnable -> {
      Thread t = new Thread(runnable, "cli-run");
      t.setDaemon(true);
      t.start();
    });
    return r;
  }

  /** The command in a separate JVM, as {@code bin/metastate} runs it. */
  static Result subprocess(String... args) throws IOException, InterruptedException {
    // C1 only: a command line lives for seconds, and the JIT's second tier costs more start-up than it saves
    List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    if (!p.waitFor(TestTimes.limit().toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("metastate " + String.join(" ", args) + " did not end within " + TestTimes.limit());
    }
    return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
        new String(err.join(), StandardCharsets.UTF_8));
  }

  static String java() {
    return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@code base} followed by {@code more}. */
  static String[] args(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(Arrays.asList(more));
    return all.toArray(String[]::new);
  }
}
