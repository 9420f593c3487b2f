package io.metastate.zookeeper;

import io.metastate.tck.CoordinationCompatibilityKit;
import io.metastate.tck.ProviderFixture;

/** The whole compatibility kit against an in-process ZooKeeper. */
class ZooKeeperCompatibilityTest extends CoordinationCompatibilityKit {
  @Override
  protected ProviderFixture fixture() {
    return new ZooKeeperFixture();
  }
}
