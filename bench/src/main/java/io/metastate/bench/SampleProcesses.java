package io.metastate.bench;

import io.metastate.testing.ChildProcess;
import io.metastate.testing.etcd.EtcdCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
    Path log = work.resolve(name + ".log");
    try {
      ChildProcess child = ChildProcess.start(new ProcessBuilder(cmd).redirectError(log.toFile()));
      processes.add(child.process());
      return new Launched(child.process(), child.awaitLineStartingWith(readyPrefix, Duration.ofSeconds(60)));
    } catch (AssertionError e) { // ChildProcess is made for tests; the bench reports a process that never got ready
      throw new IllegalStateException(name + " did not print '" + readyPrefix + "'; see " + log, e);
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
