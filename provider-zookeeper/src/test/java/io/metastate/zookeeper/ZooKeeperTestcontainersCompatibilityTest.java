package io.metastate.zookeeper;

import io.metastate.tck.CoreCompatibilityKit;
import io.metastate.tck.ProviderFixture;
import org.junit.jupiter.api.DisplayName;

/**
 * The kit's sessions, locks and watches against ZooKeeper started by {@code metastate-testing}: in a container through
 * Testcontainers where a Docker engine runs (CI requires one, and fails saying how to get it), with its fault tests
 * (pause = {@code docker pause}, restart = SIGKILL and start of the container). The full kit runs in-process in
 * {@link ZooKeeperCompatibilityTest}.
 */
@DisplayName("ZooKeeper provider, server from metastate-testing (Testcontainers)")
class ZooKeeperTestcontainersCompatibilityTest extends CoreCompatibilityKit {
  @Override
  protected ProviderFixture fixture() {
    return new ZooKeeperBackendFixture();
  }
}
