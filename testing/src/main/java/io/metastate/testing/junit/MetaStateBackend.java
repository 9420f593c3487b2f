package io.metastate.testing.junit;

import io.metastate.config.MetaStateConfig;
import io.metastate.testing.etcd.EtcdServers;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real backend for a test, and the {@link MetaStateConfig} to reach it:
 *
 * <pre>{@code
 * @RegisterExtension static MetaStateBackend etcd = MetaStateBackend.etcd();
 *
 * @Test void nightlyJobRunsOnce() {
 *   try (CoordinationClient client = MetaState.open(etcd.config())) { ... }
 * }
 * }</pre>
 *
 * <p>Where a Docker engine runs, the servers start with Testcontainers (on the host network, bound to 127.0.0.1;
 * images {@code gcr.io/etcd-development/etcd:v3.4.23} and {@code zookeeper:3.9}, or {@code metastate.testing.etcd.image}
 * / {@code metastate.testing.zookeeper.image}); otherwise from a local install: the {@code etcd} binary, ZooKeeper in a
 * child JVM. {@code ETCD_ENDPOINTS} still wins for etcd. With {@code CI=true} a missing engine fails instead of falling
 * back; {@code metastate.testing.mode=local|testcontainers} forces either. {@link #mode()} says which one ran, and it is
 * printed and published to the test report.
 *
 * <p>In a static field it serves the whole class, and every fault a test leaves (a paused or killed member) is undone
 * after that test; in an instance field each test gets a new one. Outside JUnit: {@link #start()} and {@link #close()}.
 */
public final class MetaStateBackend
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, AutoCloseable {
  private final String kind;
  private final int members;
  private final Starter starter;
  private String image;
  private Duration sessionTtl;
  private RunningBackend running;
  private boolean perTest;
  private final Set<Integer> paused = new HashSet<>();
  private final Set<Integer> killed = new HashSet<>();

  private MetaStateBackend(String kind, int members, String image, Starter starter) {
    if (members < 1) {
      throw new IllegalArgumentException(kind + " needs at least one member, was " + members);
    }
    this.kind = kind;
    this.members = members;
    this.image = image;
    this.starter = starter;
  }

  /** One etcd member. */
  public static MetaStateBackend etcd() {
    return etcd(1);
  }

  /** An etcd cluster of {@code members} (1 or 3 usually); with {@code ETCD_ENDPOINTS} set, that cluster instead. */
  public static MetaStateBackend etcd(int members) {
    return new MetaStateBackend("etcd", members, Settings.get(Settings.ETCD_IMAGE, Settings.DEFAULT_ETCD_IMAGE),
        (n, image) -> {
          if (EtcdServers.externalEndpoints().isPresent()) {
            return LocalEtcd.external();
          }
          return DockerEngine.useContainers("etcd") ? EtcdContainers.start(n, image) : LocalEtcd.start(n);
        });
  }

  /** One ZooKeeper server. */
  public static MetaStateBackend zookeeper() {
    return zookeeper(1);
  }

  /** A ZooKeeper ensemble of {@code servers}. */
  public static MetaStateBackend zookeeper(int servers) {
    return new MetaStateBackend("zookeeper", servers,
        Settings.get(Settings.ZOOKEEPER_IMAGE, Settings.DEFAULT_ZOOKEEPER_IMAGE),
        (n, image) -> DockerEngine.useContainers("ZooKeeper") ? ZooKeeperContainers.start(n, image)
            : LocalZooKeeper.start(n));
  }

  /** The local-file provider in a fresh temporary directory (no server, no Docker, no fault hooks). */
  public static MetaStateBackend localFile() {
    return new MetaStateBackend("localfile", 1, "", (n, image) -> LocalFileBackend.start());
  }

  /** Runs this image instead of the default (the setting {@code metastate.testing.<kind>.image} does the same). */
  public MetaStateBackend withImage(String image) {
    checkNotStarted();
    this.image = image;
    return this;
  }

  /** The session TTL put in {@link #config()} (default: the library's, 10 s). */
  public MetaStateBackend withSessionTtl(Duration ttl) {
    checkNotStarted();
    this.sessionTtl = ttl;
    return this;
  }

  /** Starts the backend, if not started yet, and waits until it serves. */
  public synchronized MetaStateBackend start() {
    if (running == null) {
      running = starter.start(members, image);
      System.err.println("metastate-testing: " + running.description());
    }
    return this;
  }

  /** A config for a new client of this backend; add {@code metastate.owner-id} and others with {@code with(k, v)}. */
  public MetaStateConfig config() {
    Map<String, String> values = new HashMap<>(started().settings());
    if (sessionTtl != null) {
      values.put("metastate.session.ttl", sessionTtl.toMillis() + "ms");
    }
    return MetaStateConfig.of(values);
  }

  /** How the backend runs: Testcontainers, a local process, an external cluster, or the local file. */
  public BackendMode mode() {
    return started().mode();
  }

  /** One line saying what runs where (also printed when it starts). */
  public String description() {
    return started().description();
  }

  /** The number of members (servers). */
  public int size() {
    return members;
  }

  /** Freezes member 0 (SIGSTOP or {@code docker pause}): its connections stay open, nothing answers. */
  public void pause() {
    pause(0);
  }

  /** Freezes {@code member}. */
  public synchronized void pause(int member) {
    started().pause(member);
    paused.add(member);
  }

  /** Unfreezes member 0. */
  public void resume() {
    resume(0);
  }

  /** Unfreezes {@code member}; nothing if it is not paused. */
  public synchronized void resume(int member) {
    if (paused.remove(member)) {
      started().resume(member);
    }
  }

  /** SIGKILLs member 0, keeping its data. */
  public void kill() {
    kill(0);
  }

  /** SIGKILLs {@code member}, keeping its data; returns once it is gone. */
  public synchronized void kill(int member) {
    started().kill(member);
    paused.remove(member);
    killed.add(member);
  }

  /** Starts member 0 again (killing it first if it runs), same address and data; waits until it serves. */
  public void restart() {
    restart(0);
  }

  /** Starts {@code member} again (killing it first if it runs), same address and data; waits until it serves. */
  public synchronized void restart(int member) {
    started().restart(member);
    paused.remove(member);
    killed.remove(member);
  }

  /** Whether {@code member} has a live process (a paused one does). */
  public boolean isRunning(int member) {
    return started().isRunning(member);
  }

  /** Undoes every fault still in place: resumes paused members, restarts killed ones. */
  public synchronized void heal() {
    for (Integer m : Set.copyOf(paused)) {
      resume(m);
    }
    for (Integer m : Set.copyOf(killed)) {
      restart(m);
    }
  }

  /** Stops every server and deletes its data. Idempotent. */
  @Override
  public synchronized void close() {
    if (running != null) {
      RunningBackend r = running;
      running = null;
      paused.clear();
      killed.clear();
      r.close();
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
    context.publishReportEntry("metastate.backend", description());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (running == null) {
      perTest = true;
      start();
      context.publishReportEntry("metastate.backend", description());
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      close();
    } else {
      heal();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public String toString() {
    RunningBackend r = running;
    return "MetaStateBackend[" + (r == null ? kind + ", not started" : r.description()) + "]";
  }

  private synchronized RunningBackend started() {
    if (running == null) {
      throw new IllegalStateException(kind + " backend not started: register it with @RegisterExtension, or call"
          + " start()");
    }
    return running;
  }

  private void checkNotStarted() {
    if (running != null) {
      throw new IllegalStateException(kind + " backend already started; configure it before it starts");
    }
  }

  /** Starts the servers in the mode the engine check picks. */
  @FunctionalInterface
  private interface Starter {
    RunningBackend start(int members, String image);
  }
}
