package io.metastate.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.BackendUnavailableException;
import io.metastate.error.ConfigurationException;
import io.metastate.state.CreateMode;
import io.metastate.testing.Loopback;
import io.metastate.testing.TestTiming;
import io.metastate.testing.zookeeper.ZooKeeperTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Bad configuration fails fast, within the connection timeout, with a message naming the key and value. */
class BadConfigurationTest {
  @AutoClose private static final ZooKeeperTestServer server = ZooKeeperTestServer.start();

  private static MetaStateConfig config(String connect, String owner) {
    return ZooKeeperFixture.config(connect, owner);
  }

  @Test
  @DisplayName("an unreachable connect string fails within the connection timeout, naming the address and the keys")
  void unreachable() throws Exception {
    int closedPort = Loopback.freePort(); // free once closed: nothing listens there
    String connect = "127.0.0.1:" + closedPort;
    MetaStateConfig cfg = MetaStateConfig.builder().set("metastate.provider", "zookeeper")
        .set(ZooKeeperClientBuilder.CONNECT, connect).set(ZooKeeperClientBuilder.CONNECTION_TIMEOUT, "1s").build();
    // Bounded wait: a hang would fail here instead of blocking the build.
    assertTimeoutPreemptively(TestTiming.seconds(10), () -> assertThatThrownBy(() -> MetaState.open(cfg))
        .isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining(connect)
        .hasMessageContaining(ZooKeeperClientBuilder.CONNECTION_TIMEOUT)
        .hasMessageContaining("1000 ms"));
  }

  @Test
  @DisplayName("malformed or missing settings are refused before connecting, naming the key and the value")
  void malformed() {
    assertThatThrownBy(() -> MetaState.open(config("127.0.0.1:notaport", "o")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(ZooKeeperClientBuilder.CONNECT)
        .hasMessageContaining("127.0.0.1:notaport");
    assertThatThrownBy(() -> MetaState.open(MetaStateConfig.builder().set("metastate.provider", "zookeeper").build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(ZooKeeperClientBuilder.CONNECT);
    assertThatThrownBy(() -> MetaState.open(config(server.connectString(), "o").with(ZooKeeperClientBuilder.AUTH, "alice")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("user:password");
    assertThatThrownBy(() -> MetaState.open(config(server.connectString(), "o").with(ZooKeeperClientBuilder.RETRY, "fast")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'fast'");
    assertThatThrownBy(() -> MetaState.open(config(server.connectString(), "o").with(ZooKeeperClientBuilder.NAMESPACE, "/a")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("'/a'");
  }

  @Test
  @DisplayName("the builder refuses a setting given twice, naming it and both values (never a password)")
  void repeated() {
    ZooKeeperClientBuilder b = ZooKeeperClientBuilder.builder().connect(server.connectString());
    assertThatThrownBy(() -> b.connect("127.0.0.1:2181")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(ZooKeeperClientBuilder.CONNECT).hasMessageContaining("twice")
        .hasMessageContaining(server.connectString()).hasMessageContaining("127.0.0.1:2181");
    b.digestAuth("alice", "secret-1");
    assertThatThrownBy(() -> b.digestAuth("alice", "secret-2")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(ZooKeeperClientBuilder.AUTH).hasMessageNotContaining("secret");
    b.sessionTimeout(Duration.ofSeconds(2));
    assertThatThrownBy(() -> b.sessionTimeout(Duration.ofSeconds(3))).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> b.connectionTimeout(Duration.ZERO)).isInstanceOf(ConfigurationException.class);
  }

  @Test
  @DisplayName("with digest auth, created nodes get creator-only ACLs, and wrong credentials fail fast at open")
  void digestAuth() throws Exception {
    MetaStateConfig alice = config(server.connectString(), "alice")
        .with(ZooKeeperClientBuilder.NAMESPACE, "secured").with(ZooKeeperClientBuilder.AUTH, "alice:secret");
    try (CoordinationClient c = MetaState.open(alice)) {
      c.state().create("/private", "x".getBytes(StandardCharsets.UTF_8), CreateMode.PERSISTENT);
      assertThat(c.state().get("/private").orElseThrow().dataAsString()).isEqualTo("x");
    }
    // A plain ZooKeeper client without credentials is refused by the ACL.
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper anonymous = new ZooKeeper(server.connectString(), 5000, e -> {
      if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
        connected.countDown();
      }
    });
    try {
      assertThat(connected.await(TestTiming.waitLimit().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      assertThatThrownBy(() -> anonymous.getData("/secured/state/private", false, null))
          .isInstanceOf(KeeperException.NoAuthException.class);
    } finally {
      anonymous.close();
    }
    MetaStateConfig wrong = config(server.connectString(), "mallory")
        .with(ZooKeeperClientBuilder.NAMESPACE, "secured").with(ZooKeeperClientBuilder.AUTH, "alice:wrong");
    assertTimeoutPreemptively(TestTiming.seconds(10), () -> assertThatThrownBy(() -> MetaState.open(wrong))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(ZooKeeperClientBuilder.AUTH)
        .hasMessageContaining("alice"));
    MetaStateConfig none = config(server.connectString(), "anon").with(ZooKeeperClientBuilder.NAMESPACE, "secured");
    assertThatThrownBy(() -> MetaState.open(none)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(ZooKeeperClientBuilder.AUTH);
  }
}
