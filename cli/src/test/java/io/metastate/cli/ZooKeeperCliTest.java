package io.metastate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.testing.zookeeper.ZooKeeperTestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("metastate on the ZooKeeper provider")
class ZooKeeperCliTest extends ProviderCliContract {
  static ZooKeeperTestServer zookeeper;

  @BeforeAll
  static void startServer() {
    zookeeper = ZooKeeperTestServer.start();
  }

  @AfterAll
  static void stopServer() {
    zookeeper.close();
  }

  @Override
  List<String> backend() {
    return List.of("--provider", "zookeeper", "--set", "zookeeper.connect=" + zookeeper.connectString());
  }

  @Test
  @DisplayName("as a separate process: create, then status; a missing node is one line on stderr, exit status 1")
  void subprocess() throws Exception {
    Cli.Result created = Cli.subprocess(Cli.args(backend(), "create", root, "from a process"));
    assertThat(created.status()).as(created.toString()).isZero();
    assertThat(created.err()).isEmpty();
    assertThat(run("get", root).out()).isEqualTo("from a process\n");
    Cli.Result missing = Cli.subprocess(Cli.args(backend(), "get", root + "/missing"));
    assertThat(missing.status()).as(missing.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(missing.err()).isEqualTo("metastate get: no node at " + root + "/missing\n");
  }

  @Test
  @DisplayName("status shows the provider, its endpoint, a connected session and the server's version")
  void status() throws Exception {
    var status = JSON.readTree(run("status", "-o", "json").out());
    assertThat(status.path("provider").asText()).isEqualTo("zookeeper");
    assertThat(status.path("endpoints").asText()).isEqualTo(zookeeper.connectString());
    assertThat(status.path("sessionState").asText()).isEqualTo("CONNECTED");
    assertThat(status.path("serverVersion").asText()).startsWith("ZooKeeper 3.");
  }
}
