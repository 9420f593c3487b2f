package io.metastate.testing.postgresql;

import io.metastate.testing.Loopback;
import io.metastate.testing.ServerCleanup;
import io.metastate.testing.Signals;
import io.metastate.testing.TestTiming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A PostgreSQL server this JVM runs on 127.0.0.1: {@code initdb} into a temp dir, {@code postgres} on a free port with
 * its unix socket in that dir, trust authentication, as an unprivileged user when we are root. Superuser
 * {@value #USER}, database {@value #DATABASE}, no password.
 *
 * <p>Fault hooks: {@link #stop()} is an immediate shutdown (SIGQUIT: no checkpoint, WAL replay on start, as after a
 * crash), {@link #relaunch()} brings it back on the same port with the same data, {@link #pause()}/{@link #resume()}
 * SIGSTOP/SIGCONT the postmaster and every backend, {@link #terminateClientConnections()} ends every client session.
 * {@code fsync} is off: a process crash loses nothing committed (the page cache survives it); only a machine crash
 * would, and no test simulates one.
 *
 * <pre>{@code
 * try (LocalPostgres pg = LocalPostgres.start()) {
 *   config.with("metastate.postgresql.url", pg.jdbcUrl()).with("metastate.postgresql.user", LocalPostgres.USER);
 * }
 * }</pre>
 */
public final class LocalPostgres implements AutoCloseable {
  /** The superuser every server is initialised with. */
  public static final String USER = "postgres";
  /** The database clients connect to. */
  public static final String DATABASE = "postgres";

  private final Path bin;
  private final Path baseDir;
  private final ServerUser user;
  private final int port;
  private final ServerCleanup cleanup;
  private Process postmaster;

  private LocalPostgres(Path bin, Path baseDir, ServerUser user, int port) {
    this.bin = bin;
    this.baseDir = baseDir;
    this.user = user;
    this.port = port;
    this.cleanup = ServerCleanup.register("postgres", baseDir, this::destroy);
  }

  /** Initialises a new cluster in a temp dir and starts it; returns once it accepts connections. */
  public static LocalPostgres start() {
    Path bin = PostgresBinaries.binDir();
    ServerUser user = ServerUser.pick();
    Path base = Loopback.tempDir("metastate-postgres-");
    LocalPostgres pg = new LocalPostgres(bin, base, user, Loopback.freePort());
    try {
      pg.initdb();
      pg.relaunch();
      return pg;
    } catch (RuntimeException e) {
      pg.close();
      throw e;
    }
  }

  /**
   * One server per JVM, started on first use and stopped at exit, for tests that do not fault the server (never
   * close, stop or pause it; start your own for that).
   */
  public static LocalPostgres shared() {
    return Shared.SERVER;
  }

  /** The port the server listens on (127.0.0.1 only). */
  public int port() {
    return port;
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/postgres}. */
  public String jdbcUrl() {
    return jdbcUrl(Loopback.ADDRESS + ":" + port);
  }

  /** The JDBC URL of this server's database reached at {@code address} ({@code host:port} of a proxy in front). */
  public String jdbcUrl(String address) {
    return "jdbc:postgresql://" + address + "/" + DATABASE;
  }

  /**
   * Starts the server again after {@link #stop()} (same port, same data); returns once it accepts connections. Does
   * nothing if it is running.
   */
  public synchronized void relaunch() {
    if (isRunning()) {
      return;
    }
    Path data = baseDir.resolve("data");
    List<String> command = user.command(bin.resolve("postgres").toString(), "-D", data.toString(),
        "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
        "-c", "unix_socket_directories=" + baseDir, "-c", "max_connections=300", "-c", "shared_buffers=16MB",
        "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "log_min_messages=warning");
    try {
      postmaster = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(baseDir.resolve("server.log").toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    Awaitility.await("PostgreSQL on 127.0.0.1:" + port + " accepting connections (log: "
        + baseDir.resolve("server.log") + ")").atMost(TestTiming.seconds(60)).pollInterval(java.time.Duration.ofMillis(100))
        .until(() -> {
          if (!postmaster.isAlive()) {
            throw new IllegalStateException("postgres exited with " + postmaster.exitValue() + ": " + log());
          }
          return accepting();
        });
  }

  /**
   * Shuts the server down at once (immediate mode: backends are killed, no checkpoint), keeping its data; the next
   * {@link #relaunch()} replays the WAL as after a crash. Does nothing if it is not running.
   */
  public synchronized void stop() {
    if (!isRunning()) {
      return;
    }
    resume(); // a stopped process acts on no signal but SIGKILL
    Signals.sendAll("QUIT", List.of(postmaster.pid()));
    try {
      postmaster.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping PostgreSQL", e);
    }
    // The postmaster waits for its children before it exits, so the shared memory is free for the next start.
  }

  /** {@link #stop()}, then {@link #relaunch()}: a crash and recovery on the same port and data. */
  public void restart() {
    stop();
    relaunch();
  }

  /** Whether the postmaster is running. */
  public synchronized boolean isRunning() {
    return postmaster != null && postmaster.isAlive();
  }

  /** Freezes the postmaster and every backend (SIGSTOP); connections stay open, nothing is answered. */
  public synchronized void pause() {
    if (isRunning()) {
      ServerProcesses.of(postmaster).pause();
    }
  }

  /** Unfreezes a paused server (SIGCONT to every process of it). Does nothing if it is not paused. */
  public synchronized void resume() {
    if (isRunning()) {
      ServerProcesses.of(postmaster).resume();
    }
  }

  /**
   * Ends every client connection (as {@code pg_terminate_backend} does), as a server-side kill or a failover would;
   * the server keeps running.
   *
   * @return how many connections were ended
   */
  public int terminateClientConnections() {
    String out = ServerUser.run(bin.resolve("psql").toString(), "-X", "-q", "-A", "-t", "-h", "127.0.0.1",
        "-p", Integer.toString(port), "-U", USER, "-d", DATABASE, "-c",
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
    return Integer.parseInt(out.trim());
  }

  /** The postmaster's pid ({@code -1} if it is not running). */
  public synchronized long pid() {
    return isRunning() ? postmaster.pid() : -1;
  }

  /** Stops the server and deletes its data. */
  @Override
  public synchronized void close() {
    cleanup.close();
  }

  @Override
  public String toString() {
    return "LocalPostgres[127.0.0.1:" + port + ", " + baseDir + "]";
  }

  private void initdb() {
    user.own(baseDir);
    ServerUser.run(user.command(bin.resolve("initdb").toString(), "-D", baseDir.resolve("data").toString(),
        "-U", USER, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync").toArray(String[]::new));
  }

  private boolean accepting() {
    try {
      Process p = new ProcessBuilder(bin.resolve("pg_isready").toString(), "-q", "-h", "127.0.0.1",
          "-p", Integer.toString(port), "-U", USER, "-d", DATABASE).start();
      return p.waitFor() == 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run pg_isready", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The pids of the postmaster and of every process it started. */
  synchronized List<Long> serverPids() {
    return isRunning() ? ServerProcesses.of(postmaster).pids(true) : List.of();
  }

  private synchronized void destroy() {
    if (postmaster == null || !postmaster.isAlive()) {
      return;
    }
    stop();
  }

  private String log() {
    try {
      List<String> lines = Files.readAllLines(baseDir.resolve("server.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Holder of {@link #shared()}: started when first asked for. */
  private static final class Shared {
    static final LocalPostgres SERVER = LocalPostgres.start();
  }
}
