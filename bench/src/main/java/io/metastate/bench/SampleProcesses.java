package io.metastate.bench;

import io.metastate.testing.etcd.EtcdCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The sample meta server's processes in the failover bench: meta servers and app nodes started from its shaded jar
 * (so the bench does not depend on the sample's classes), each ready once it prints its ready line, all killed at the
 * end. A process's stderr goes to {@code <work>/<name>.log}.
 */
final class SampleProcesses {
  static final String NODE_TOKEN = "bench-node-token";
  private static final String ADMIN_TOKEN = "bench-admin-token";
  private final Path jar;
  private final Path work;
  private final List<Process> processes = new ArrayList<>();

  SampleProcesses(Path jar, Path work) {
    this.jar = jar;
    this.work = work;
  }

  /** The bench's scratch directory: the processes' logs, and room for a store. */
  Path work() {
    return work;
  }

  /** A started process and the rest of its ready line (a meta server's URL, a node's id and address). */
  record Launched(Process process, String line) {}

  /** A meta server on etcd, ready once it prints {@code ready} (LEADER or READY). */
  Launched metaOnEtcd(EtcdCluster etcd, String namespace, int port, String ready) {
    return start("meta-" + port, ready, "server", "--metastate.provider=etcd",
        "--metastate.etcd.endpoints=" + etcd.endpointList(), "--metastate.etcd.namespace=" + namespace,
        "--metastate.session.ttl=2s", "--metaserver.http.port=" + port);
  }

  /** An app node registered with {@code servers} (comma-separated URLs). */
  Launched node(String id, String servers) {
    return start(id, "NODE ", "node", "--metaserver.node.id=" + id, "--metaserver.servers=" + servers,
        "--metaserver.http.port=0");
  }

  /** Starts the sample jar with {@code args} and waits (60 s at most) for the line starting {@code readyPrefix}. */
  Launched start(String name, String readyPrefix, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
    cmd.addAll(Arrays.asList(args));
    cmd.addAll(List.of("--metaserver.auth.node-token=" + NODE_TOKEN, "--metaserver.auth.admin-token=" + ADMIN_TOKEN,
        "--exit-with-parent"));
    try {
      Process p = new ProcessBuilder(cmd).redirectError(work.resolve(name + ".log").toFile()).start();
      processes.add(p);
      LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            lines.add(line);
          }
        } catch (IOException ignored) {
          // process gone
        }
      });
      reader.setDaemon(true);
      reader.start();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < end) {
        String line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line != null && line.startsWith(readyPrefix)) {
          return new Launched(p, line.substring(readyPrefix.length()).trim());
        }
        if (line == null && !p.isAlive()) {
          break;
        }
      }
      throw new IllegalStateException(name + " did not print '" + readyPrefix + "'; see "
          + work.resolve(name + ".log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGKILLs every process started so far. */
  void killAll() {
    processes.forEach(Process::destroyForcibly);
    processes.clear();
  }
}
