package io.metastate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metastate.testing.etcd.EtcdCluster;
import io.metastate.testing.etcd.EtcdServers;
import io.metastate.testing.etcd.EtcdctlLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** On etcd, under a namespace: so the etcdctl interop also proves where a namespaced lock lives. */
@DisplayName("metastate on the etcd provider")
class EtcdCliTest extends ProviderCliContract {
  static final String NAMESPACE = "cli/";
  static final Path etcdctl = EtcdctlLock.binary();
  @AutoClose static final EtcdCluster etcd = EtcdServers.start();

  @Override
  List<String> backend() {
    return List.of("--provider", "etcd", "--set", "etcd.endpoints=" + etcd.endpointList(), "--set",
        "etcd.namespace=" + NAMESPACE);
  }

  @Test
  @DisplayName("lock excludes etcdctl lock on the namespaced name, both ways")
  void lockExcludesEtcdctl() throws Exception {
    String name = root.substring(1) + "/shared";
    Cli.Running ours = startHolding(name);
    try (EtcdctlLock native1 = EtcdctlLock.start(etcd, NAMESPACE + name)) {
      // etcdctl queues behind our claim (two claims under the prefix) and cannot report holding the lock meanwhile
      await().atMost(TestTimes.limit()).until(() -> claims(NAMESPACE + name + "/") == 2);
      assertThat(native1.saidHeld()).as("etcdctl must not hold the lock while we do").isFalse();
      forceRelease(name, ours);
      assertThat(native1.awaitHeld()).startsWith(NAMESPACE + name + "/");

      assertLockRefused(name);
    }
    Cli.Result after = run("lock", "--timeout", "10s", name, "--", "sh", "-c", "echo $METASTATE_LOCK_TOKEN");
    assertThat(after.status()).as("free again once etcdctl exits: " + after).isZero();
  }

  private static long claims(String prefix) throws Exception {
    Process p = new ProcessBuilder(etcdctl.toString(), "--endpoints=" + etcd.endpointList(), "get", "--prefix",
        "--keys-only", prefix).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out.lines().filter(l -> !l.isBlank()).count();
  }
}
