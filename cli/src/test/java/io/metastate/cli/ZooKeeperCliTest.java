package io.metastate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.testing.zookeeper.ZooKeeperTestServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("metastate on the ZooKeeper provider")
class ZooKeeperCliTest extends ProviderCliContract {
  static final String NAMESPACE = "cli";
  @AutoClose static final ZooKeeperTestServer zookeeper = ZooKeeperTestServer.start();

  @Override
  List<String> backend() {
    return List.of("--provider", "zookeeper", "--set", "zookeeper.connect=" + zookeeper.connectString(), "--set",
        "zookeeper.namespace=" + NAMESPACE);
  }

  @Test
  @DisplayName("status shows the provider, its endpoint, a connected session and the server's version")
  void status() throws Exception {
    var status = assertStatus("zookeeper", zookeeper.connectString());
    assertThat(status.path("serverVersion").asText()).startsWith("ZooKeeper 3.");
  }

  @Test
  @DisplayName("lock excludes a Curator InterProcessMutex on /<namespace>/locks/NAME, both ways")
  void lockExcludesCuratorMutex() throws Exception {
    String name = root.substring(1) + "/shared";
    try (CuratorFramework curator = CuratorFrameworkFactory.builder().connectString(zookeeper.connectString())
        .namespace(NAMESPACE).retryPolicy(new RetryOneTime(100)).build()) {
      curator.start();
      InterProcessMutex mutex = new InterProcessMutex(curator, "/locks/" + name);
      assertThat(mutex.acquire(TestTimes.limit().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      assertLockRefused(name);
      mutex.release();

      Cli.Running ours = startHolding(name);
      assertThat(mutex.acquire(0, TimeUnit.MILLISECONDS)).as("Curator must not get it while we hold it").isFalse();
      forceRelease(name, ours);
      assertThat(mutex.acquire(TestTimes.limit().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      mutex.release();
    }
  }
}
