package io.metastate.testing.zookeeper;

import io.metastate.testing.Loopback;
import io.metastate.testing.Signals;
import io.metastate.testing.TestTiming;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A ZooKeeper server in its own JVM, started from the ZooKeeper artifact on the test classpath (java from
 * {@code java.home}, classpath from {@code java.class.path}), bound to 127.0.0.1 only, with a temporary data
 * directory. Unlike the in-process server it can be killed with SIGKILL, frozen with SIGSTOP, and restarted on the
 * same port with the same data.
 *
 * <pre>{@code
 * try (ZooKeeperProcess zk = ZooKeeperProcess.start()) {
 *   zk.pause();  ...  zk.resume();
 *   zk.kill();   ...  zk.restart();
 * }
 * }</pre>
 */
public final class ZooKeeperProcess implements AutoCloseable {
  private final int myId;
  private final int clientPort;
  private final Path dir;
  private final String mainClass;
  private final Path config;
  private Process process;

  ZooKeeperProcess(int myId, int clientPort, Path dir, String configText, String mainClass) {
    this.myId = myId;
    this.clientPort = clientPort;
    this.dir = dir;
    this.mainClass = mainClass;
    this.config = dir.resolve("zoo.cfg");
    try {
      Files.createDirectories(dir.resolve("data"));
      Files.writeString(config, configText + "dataDir=" + dir.resolve("data").toAbsolutePath() + "\n");
      if (myId > 0) {
        Files.writeString(dir.resolve("data").resolve("myid"), Integer.toString(myId));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a standalone server ({@code ZooKeeperServerMain}) on a free 127.0.0.1 port and waits until it serves. */
  public static ZooKeeperProcess start() {
    int port = Loopback.freePort();
    ZooKeeperProcess zk = new ZooKeeperProcess(0, port, tempDir(), baseConfig(port),
        "org.apache.zookeeper.server.ZooKeeperServerMain");
    zk.launch();
    zk.awaitServing(TestTiming.seconds(30));
    return zk;
  }

  static String baseConfig(int clientPort) {
    return "tickTime=" + ZooKeeperTestServer.TICK_MILLIS + "\n"
        + "initLimit=20\nsyncLimit=10\n"
        + "clientPort=" + clientPort + "\n"
        + "clientPortAddress=" + Loopback.ADDRESS + "\n"
        + "maxClientCnxns=0\n"
        + "admin.enableServer=false\n"
        + "4lw.commands.whitelist=srvr\n"
        + "standaloneEnabled=true\n";
  }

  static Path tempDir() {
    return Loopback.tempDir("metastate-zkproc-");
  }

  synchronized void launch() {
    if (process != null && process.isAlive()) {
      return;
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:TieredStopAtLevel=1",
        "-Dzookeeper.admin.enableServer=false", "-Dzookeeper.jmx.log4j.disable=true",
        "-Dzookeeper.4lw.commands.whitelist=srvr", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), mainClass, config.toString()));
    try {
      File log = dir.resolve("server.log").toFile();
      process = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start ZooKeeper JVM: " + e, e);
    }
  }

  /** Waits until the server answers {@code srvr} with a mode (standalone, leader or follower). */
  void awaitServing(Duration limit) {
    // polling a socket for readiness: the server offers no event to wait on
    Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(50))
        .alias("ZooKeeper on port " + clientPort + " serving (see " + log() + ")").until(() -> {
          if (!isRunning()) {
            throw new IllegalStateException("ZooKeeper JVM exited with " + process.exitValue() + "; see " + log());
          }
          return serving();
        });
  }

  /** Whether the server answers and is part of a working quorum (or standalone). */
  public boolean serving() {
    return Srvr.serving(clientPort);
  }

  /** Whether this server is the ensemble's leader right now. */
  public boolean isLeader() {
    return Srvr.ask(clientPort).contains("Mode: leader");
  }

  /** {@code 127.0.0.1:<port>}. */
  public String connectString() {
    return Loopback.ADDRESS + ":" + clientPort;
  }

  /** The client port. */
  public int port() {
    return clientPort;
  }

  /** The server id in an ensemble (0 for standalone). */
  public int id() {
    return myId;
  }

  /** The operating-system process id. */
  public synchronized long pid() {
    return process.pid();
  }

  /** Whether the JVM is alive (a paused one is). */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** SIGKILL, and waits for the process to be gone. Data written so far stays for {@link #restart()}. */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("ZooKeeper JVM " + process.pid() + " did not die");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGSTOP: the server freezes with its connections open. */
  public void pause() {
    Signals.send(pid(), "STOP");
  }

  /** SIGCONT: undoes {@link #pause()}. */
  public void resume() {
    Signals.send(pid(), "CONT");
  }

  /** Starts the server again on the same port with the same data (killing it first if it runs). */
  public void restart() {
    kill();
    launch();
  }

  /** Like {@link #restart()}, then waits until it serves (standalone, or once its ensemble has a quorum). */
  public void restartAndAwait() {
    restart();
    awaitServing(TestTiming.seconds(30));
  }

  Path log() {
    return dir.resolve("server.log");
  }

  /** Kills the server and deletes its directory. */
  @Override
  public void close() {
    try {
      if (isRunning()) {
        resume(); // a stopped process ignores SIGKILL until continued on some systems; be safe
      }
    } catch (RuntimeException ignored) {
      // already gone
    }
    kill();
    Loopback.deleteTree(dir);
  }

  @Override
  public String toString() {
    return "ZooKeeperProcess[id=" + myId + ", " + connectString() + "]";
  }
}
