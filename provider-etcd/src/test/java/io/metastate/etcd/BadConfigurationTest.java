package io.metastate.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.BackendUnavailableException;
import io.metastate.error.ConfigurationException;
import io.metastate.session.SessionState;
import io.metastate.testing.Loopback;
import io.metastate.testing.TestTiming;
import io.metastate.testing.etcd.EtcdCluster;
import io.metastate.testing.etcd.EtcdServers;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configuration fails fast with a message naming the key; a client of a dead etcd does not burn CPU. */
@DisplayName("etcd configuration")
class BadConfigurationTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("metastate.provider=etcd finds the provider through ServiceLoader")
  void registered() {
    assertThat(MetaState.availableProviders()).contains("etcd");
    try (EtcdCluster etcd = EtcdServers.start();
         CoordinationClient c = MetaState.open(MetaStateConfig.of(Map.of("metastate.provider", "etcd",
             EtcdKeys.ENDPOINTS, etcd.endpointList(), "metastate.session.ttl", "3s")))) {
      assertThat(c.providerName()).isEqualTo("etcd");
      assertThat(c.session().state()).isEqualTo(SessionState.CONNECTED);
      assertThat(c.session().ttl()).isEqualTo(Duration.ofSeconds(3));
    }
  }

  @Test
  @DisplayName("an unreachable endpoint fails within the connect timeout, naming the endpoint and the keys")
  void unreachable() throws IOException {
    int port = Loopback.freePort(); // closed again: nobody listens there
    long start = System.nanoTime();
    assertThatThrownBy(() -> EtcdClients.builder().endpoints("http://127.0.0.1:" + port)
        .connectTimeout(Duration.ofSeconds(1)).open())
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("127.0.0.1:" + port).hasMessageContaining(EtcdKeys.ENDPOINTS)
        .hasMessageContaining(EtcdKeys.CONNECT_TIMEOUT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TestTiming.seconds(5));
  }

  @Test
  @DisplayName("a wrong password is refused with a message naming the user keys")
  void wrongPassword() throws Exception {
    try (EtcdCluster etcd = EtcdServers.startLocal(1)) {
      etcdctl(etcd, "user", "add", "root:right-password");
      etcdctl(etcd, "auth", "enable");
      assertThatThrownBy(() -> EtcdClients.builder().endpoints(etcd.endpointList())
          .credentials("root", "wrong-password").connectTimeout(Duration.ofSeconds(3)).open())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("root").hasMessageContaining(EtcdKeys.PASSWORD);
      try (CoordinationClient ok = EtcdClients.builder().endpoints(etcd.endpointList())
          .credentials("root", "right-password").open()) {
        ok.state().create("/authenticated", new byte[0], io.metastate.state.CreateMode.PERSISTENT);
        assertThat(ok.state().exists("/authenticated")).isPresent();
      }
    }
  }

  @Test
  @DisplayName("a certificate path that is not a readable file is named, with its key")
  void badCertificatePath() {
    Path missing = dir.resolve("no-such-ca.pem");
    assertThatThrownBy(() -> EtcdClients.builder().endpoints("https://127.0.0.1:2379").trustedCa(missing).open())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(EtcdKeys.TLS_CA).hasMessageContaining(missing.toString());
  }

  @Test
  @DisplayName("a certificate file that is not PEM is refused, naming the TLS keys")
  void garbageCertificate() throws IOException {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
    assertThatThrownBy(() -> EtcdClients.builder().endpoints("https://127.0.0.1:2379").trustedCa(ca)
        .connectTimeout(Duration.ofSeconds(1)).open())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(EtcdKeys.TLS_CA);
  }

  @Test
  @DisplayName("malformed, missing and conflicting settings are refused before connecting")
  void malformed() throws IOException {
    assertThatThrownBy(() -> EtcdClients.builder().endpoints("127.0.0.1:2379").open())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("127.0.0.1:2379")
        .hasMessageContaining("http://host:port");
    assertThatThrownBy(() -> EtcdClients.builder().open())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(EtcdKeys.ENDPOINTS);
    assertThatThrownBy(() -> EtcdClients.builder().endpoints("http://a:1").endpoints("http://b:2"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("set twice");
    assertThatThrownBy(() -> EtcdClients.builder().config(MetaStateConfig.of(Map.of(EtcdKeys.NAMESPACE, "x/")))
        .namespace("y/")).isInstanceOf(ConfigurationException.class).hasMessageContaining(EtcdKeys.NAMESPACE);
    Path cert = Files.writeString(dir.resolve("c.pem"), "x");
    assertThatThrownBy(() -> MetaState.open(MetaStateConfig.of(Map.of("metastate.provider", "etcd",
        EtcdKeys.ENDPOINTS, "https://127.0.0.1:2379", EtcdKeys.TLS_CERT, cert.toString()))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(EtcdKeys.TLS_KEY);
    assertThatThrownBy(() -> MetaState.open(MetaStateConfig.of(Map.of("metastate.provider", "etcd",
        EtcdKeys.ENDPOINTS, "http://127.0.0.1:2379", EtcdKeys.USER, "root"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(EtcdKeys.PASSWORD);
    assertThatThrownBy(() -> MetaState.open(MetaStateConfig.of(Map.of("metastate.provider", "etcd",
        EtcdKeys.ENDPOINTS, "http://127.0.0.1:2379", EtcdKeys.REQUEST_TIMEOUT, "soon"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(EtcdKeys.REQUEST_TIMEOUT);
  }

  @Test
  @DisplayName("while etcd is down, the client's threads use a small fraction of one core (jetcd #1134)")
  void noSpinWhileDown() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    try (EtcdCluster etcd = EtcdServers.startLocal(1);
         CoordinationClient c = EtcdClients.builder().endpoints(etcd.endpointList())
             .sessionTtl(Duration.ofSeconds(5)).open()) {
      c.state().create("/cpu", new byte[0], io.metastate.state.CreateMode.EPHEMERAL);
      etcd.kill(0);
      long cpuBefore = totalCpuNanos(threads);
      long wallBefore = System.nanoTime();
      // the window: from the kill until the client gives the lease up (a full TTL of reconnect attempts)
      Awaitility.await().atMost(TestTiming.seconds(20)).until(() -> c.session().state() == SessionState.EXPIRED);
      long cpu = totalCpuNanos(threads) - cpuBefore;
      long wall = System.nanoTime() - wallBefore;
      System.out.printf("etcd down for %d ms: all JVM threads used %d ms CPU (%.1f%% of one core)%n",
          TimeUnit.NANOSECONDS.toMillis(wall), TimeUnit.NANOSECONDS.toMillis(cpu), 100.0 * cpu / wall);
      assertThat(wall).isGreaterThan(TimeUnit.SECONDS.toNanos(4));
      assertThat((double) cpu / wall).as("CPU share while etcd is down").isLessThan(0.25);
    }
  }

  private static long totalCpuNanos(ThreadMXBean threads) {
    long sum = 0;
    for (long id : threads.getAllThreadIds()) {
      long t = threads.getThreadCpuTime(id);
      if (t > 0) {
        sum += t;
      }
    }
    return sum;
  }

  private static void etcdctl(EtcdCluster etcd, String... args) throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>();
    cmd.add(EtcdServers.etcdctlBinary().orElseThrow(() -> new IllegalStateException(
        "etcdctl not found: install it (Debian/Ubuntu: 'apt-get install etcd-client')")).toString());
    cmd.add("--endpoints=" + etcd.endpointList());
    cmd.addAll(java.util.List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("etcdctl %s: %s", String.join(" ", args), out).isZero();
  }
}
