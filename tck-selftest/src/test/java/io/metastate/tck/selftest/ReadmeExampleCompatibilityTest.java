package io.metastate.tck.selftest;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.localfile.LocalFileTesting;
import io.metastate.tck.Capability;
import io.metastate.tck.CoordinationCompatibilityKit;
import io.metastate.tck.ProviderFixture;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Writing a provider" example, verbatim, so that the documented subclass is known to work. */
class ReadmeExampleCompatibilityTest extends CoordinationCompatibilityKit {
  @TempDir static Path dir;

  @Override
  protected ProviderFixture fixture() {
    return new ProviderFixture() {
      @Override
      public CoordinationClient open(String ownerId) {
        return MetaState.open(MetaStateConfig.builder()
            .set("metastate.provider", "localfile").set("metastate.localfile.dir", dir.toString())
            .set("metastate.session.ttl", "2s").set("metastate.owner-id", ownerId).build());
      }

      @Override
      public Set<Capability> capabilities() {
        return Set.of(Capability.EXPIRE_SESSION);
      }

      @Override
      public void expireSession(CoordinationClient client) {
        LocalFileTesting.expireSession(client);
      }
    };
  }
}
