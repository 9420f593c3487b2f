package io.metastate.etcd;

import io.metastate.tck.CoordinationCompatibilityKit;
import io.metastate.tck.ProviderFixture;
import org.junit.jupiter.api.DisplayName;

/** The whole compatibility kit against a real etcd (see {@link EtcdFixture} for how it is found and faulted). */
@DisplayName("etcd provider")
class EtcdCompatibilityTest extends CoordinationCompatibilityKit {
  @Override
  protected ProviderFixture fixture() {
    return new EtcdFixture();
  }
}
