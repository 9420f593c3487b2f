package io.metastate.localfile;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.tck.Capability;
import io.metastate.tck.CoordinationCompatibilityKit;
import io.metastate.tck.MovableTicker;
import io.metastate.tck.ProviderFixture;
import io.metastate.testing.Loopback;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The whole compatibility kit against the local-file provider, opened through discovery as users do. */
class LocalFileCompatibilityTest extends CoordinationCompatibilityKit {
  @Override
  protected ProviderFixture fixture() {
    return new LocalFileFixture();
  }

  static final class LocalFileFixture implements ProviderFixture {
    private final Path dir;
    private final Map<CoordinationClient, MovableTicker> clocks = new ConcurrentHashMap<>();

    LocalFileFixture() {
      dir = Loopback.tempDir("metastate-tck-");
    }

    @Override
    public CoordinationClient open(String ownerId) {
      MovableTicker clock = new MovableTicker();
      CoordinationClient client = MetaState.open(MetaStateConfig.builder().set("metastate.provider", "localfile")
          .set(LocalFileCoordination.DIR_KEY, dir.toString()).set("metastate.session.ttl", "2s")
          .set("metastate.owner-id", ownerId).build().withTicker(clock));
      clocks.put(client, clock);
      return client;
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of(Capability.EXPIRE_SESSION, Capability.DISCONNECT_CLIENT, Capability.RESTART_BACKEND,
          Capability.MOVE_CLOCK);
    }

    /** The client's session and leases read time on its own ticker, the store's lease table included. */
    @Override
    public void advanceClock(CoordinationClient client, Duration by) {
      MovableTicker clock = clocks.get(client);
      if (clock == null) {
        throw new IllegalArgumentException("not a client of this fixture: " + client);
      }
      clock.advance(by);
    }

    @Override
    public void expireSession(CoordinationClient client) {
      LocalFileTesting.expireSession(client);
    }

    @Override
    public void disconnect(CoordinationClient client) {
      LocalFileTesting.suspend(client);
    }

    @Override
    public void reconnect(CoordinationClient client) {
      LocalFileTesting.resume(client);
    }

    /** The store lives in this JVM: stopping it is a crash-and-reopen, which ends every session. */
    @Override
    public void stopBackend() {
      LocalFileTesting.restartStore(dir);
    }

    @Override
    public void startBackend() {
      // reopened by stopBackend already
    }

    @Override
    public void close() {
      Loopback.deleteTree(dir);
    }
  }
}
