package io.metastate.localfile;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.tck.Capability;
import io.metastate.tck.MovableTicker;
import io.metastate.tck.ProviderFixture;
import io.metastate.testing.Loopback;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The kit's view of the local-file provider: a store in a temporary directory, clients opened through discovery as
 * users do, each with its own {@link MovableTicker} ({@code MOVE_CLOCK}), and every fault hook the provider supports.
 * Shared with tck-selftest (this module's test-jar), whose broken providers are decorators over these clients.
 */
public class LocalFileFixture implements ProviderFixture {
  private final Path dir = Loopback.tempDir("metastate-tck-");
  private final Duration ttl;
  private final UnaryOperator<CoordinationClient> wrap;
  private final Map<CoordinationClient, Opened> opened = new ConcurrentHashMap<>();

  /** The client the provider opened, under any decorator, and the clock it reads. */
  private record Opened(CoordinationClient raw, MovableTicker clock) {}

  /** Sessions of 2 s, clients as the provider opens them. */
  public LocalFileFixture() {
    this(Duration.ofSeconds(2), UnaryOperator.identity());
  }

  /**
   * Sessions of {@code ttl}; the kit gets each client through {@code wrap} (a decorator), while the fault hooks act on
   * the provider's client underneath.
   */
  public LocalFileFixture(Duration ttl, UnaryOperator<CoordinationClient> wrap) {
    this.ttl = ttl;
    this.wrap = wrap;
  }

  @Override
  public CoordinationClient open(String ownerId) {
    MovableTicker clock = new MovableTicker();
    CoordinationClient raw = MetaState.open(MetaStateConfig.builder().set("metastate.provider", "localfile")
        .set(LocalFileCoordination.DIR_KEY, dir.toString()).set("metastate.session.ttl", ttl.toString())
        .set("metastate.owner-id", ownerId).build().withTicker(clock));
    CoordinationClient client = wrap.apply(raw);
    opened.put(client, new Opened(raw, clock));
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
    Opened o = opened.get(client);
    if (o == null) {
      throw new IllegalArgumentException("not a client of this fixture: " + client);
    }
    o.clock().advance(by);
  }

  @Override
  public void expireSession(CoordinationClient client) {
    LocalFileTesting.expireSession(raw(client));
  }

  @Override
  public void disconnect(CoordinationClient client) {
    LocalFileTesting.suspend(raw(client));
  }

  @Override
  public void reconnect(CoordinationClient client) {
    LocalFileTesting.resume(raw(client));
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

  private CoordinationClient raw(CoordinationClient client) {
    Opened o = opened.get(client);
    return o == null ? client : o.raw();
  }
}
