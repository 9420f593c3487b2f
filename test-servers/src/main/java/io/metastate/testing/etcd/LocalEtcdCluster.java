package io.metastate.testing.etcd;

import io.metastate.testing.Loopback;
import io.metastate.testing.ServerCleanup;
import io.metastate.testing.Signals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** etcd members this JVM runs on 127.0.0.1, each on its own free client and peer port with a temp data dir. */
final class LocalEtcdCluster implements EtcdCluster {
  private final Path binary;
  private final List<Member> members;
  private final List<String> endpoints;
  private final ServerCleanup cleanup;

  private LocalEtcdCluster(Path binary, Path baseDir, List<Member> members) {
    this.binary = binary;
    this.members = members;
    this.endpoints = members.stream().map(Member::clientUrl).toList();
    this.cleanup = ServerCleanup.register("etcd", baseDir, this::destroyAll);
  }

  static LocalEtcdCluster start(Path binary, int size) {
    Path base = Loopback.tempDir("metastate-etcd-");
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      members.add(new Member("m" + i, Loopback.freePort(), Loopback.freePort(), base.resolve("m" + i)));
    }
    String initialCluster = String.join(",", members.stream().map(m -> m.name + "=" + m.peerUrl()).toList());
    String token = "metastate-" + UUID.randomUUID();
    LocalEtcdCluster cluster = new LocalEtcdCluster(binary, base, members);
    try {
      for (Member m : members) {
        m.configure(binary, initialCluster, token);
        m.launch();
      }
      cluster.awaitHealthy();
      cluster.leader();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  @Override
  public List<String> endpoints() {
    return endpoints;
  }

  @Override
  public int size() {
    return members.size();
  }

  @Override
  public boolean isLocal() {
    return true;
  }

  @Override
  public int leader() {
    return EtcdStatus.leaderIndex(endpoints, this::isRunning);
  }

  @Override
  public synchronized void kill(int i) {
    members.get(i).kill();
  }

  @Override
  public synchronized void restart(int i) {
    Member m = members.get(i);
    if (m.isAlive()) {
      throw new IllegalStateException("member " + i + " (" + m.clientUrl() + ") is running; kill it first");
    }
    m.launch();
    EtcdStatus.awaitHealthy(m.clientUrl());
  }

  @Override
  public void pause(int i) {
    members.get(i).signal("STOP");
  }

  @Override
  public void resume(int i) {
    members.get(i).signal("CONT");
  }

  @Override
  public boolean isRunning(int i) {
    return members.get(i).isAlive();
  }

  @Override
  public void awaitHealthy() {
    for (Member m : members) {
      if (m.isAlive()) {
        EtcdStatus.awaitHealthy(m.clientUrl());
      }
    }
  }

  @Override
  public synchronized void close() {
    cleanup.close();
  }

  private void destroyAll() {
    for (Member m : members) {
      m.signal("CONT"); // a stopped process cannot act on anything but SIGKILL; make sure it is not left frozen
      m.kill();
    }
  }

  @Override
  public String toString() {
    return "LocalEtcdCluster" + endpoints + " (" + binary + ")";
  }

  /** One etcd process and the flags to start it again. */
  private static final class Member {
    private final String name;
    private final int clientPort;
    private final int peerPort;
    private final Path dataDir;
    private List<String> command;
    private Process process;

    Member(String name, int clientPort, int peerPort, Path dataDir) {
      this.name = name;
      this.clientPort = clientPort;
      this.peerPort = peerPort;
      this.dataDir = dataDir;
    }

    String clientUrl() {
      return "http://127.0.0.1:" + clientPort;
    }

    String peerUrl() {
      return "http://127.0.0.1:" + peerPort;
    }

    void configure(Path binary, String initialCluster, String token) {
      command = List.of(binary.toString(), "--name", name, "--data-dir", dataDir.toString(),
          "--listen-client-urls", clientUrl(), "--advertise-client-urls", clientUrl(),
          "--listen-peer-urls", peerUrl(), "--initial-advertise-peer-urls", peerUrl(),
          "--initial-cluster", initialCluster, "--initial-cluster-token", token, "--initial-cluster-state", "new",
          // Quicker failure detection than the defaults (100 ms / 1 s) would be flaky on a loaded 2-core machine.
          "--heartbeat-interval", "100", "--election-timeout", "1000",
          "--logger", "zap", "--log-level", "warn");
    }

    synchronized void launch() {
      try {
        Files.createDirectories(dataDir.getParent());
        process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.getParent().resolve(name + ".log").toFile()))
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + command, e);
      }
    }

    synchronized boolean isAlive() {
      return process != null && process.isAlive();
    }

    synchronized void kill() {
      if (process == null) {
        return;
      }
      process.destroyForcibly(); // SIGKILL on Unix
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    synchronized void signal(String signal) {
      if (!isAlive()) {
        return;
      }
      Signals.sendAll(signal, List.of(process.pid())); // best effort: the member may exit meanwhile
    }
  }
}
