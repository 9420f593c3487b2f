package io.metastate.zookeeper;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.tck.Capability;
import io.metastate.tck.MovableTicker;
import io.metastate.tck.wire.ProxiedFixture;
import io.metastate.testing.TestTiming;
import io.metastate.testing.zookeeper.ZooKeeperTestServer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The kit's view of ZooKeeper: an in-process server on 127.0.0.1; each client reaches it through its own loopback
 * proxy so that it alone can be cut off or lose one reply; each reads time through its own {@link MovableTicker};
 * sessions expire server-side on demand; the server stops and restarts on the same port with the same data.
 */
final class ZooKeeperFixture extends ProxiedFixture {
  private final ZooKeeperTestServer server = ZooKeeperTestServer.start();

  static MetaStateConfig config(String connect, String owner) {
    return config(connect, owner, Duration.ofSeconds(2));
  }

  static MetaStateConfig config(String connect, String owner, Duration ttl) {
    return MetaStateConfig.builder()
        .set("metastate.provider", "zookeeper")
        .set("metastate.zookeeper.connect", connect)
        .set("metastate.session.ttl", ttl.toMillis() + "ms")
        .set("metastate.zookeeper.connection-timeout", TestTiming.seconds(5).toMillis() + "ms")
        .set("metastate.owner-id", owner)
        .build();
  }

  /**
   * A client with a 3 s session. A lost reply (NETWORK_FAULTS) costs a reconnect, and ZooKeeper's client waits up to a
   * second before it reconnects, after the proxy held the connection 300 ms: with 2 s a healthy session could expire
   * on a loaded machine, which is the fixture's fault, not the provider's.
   */
  @Override
  public CoordinationClient open(String ownerId) {
    return open(ownerId, Duration.ofSeconds(3));
  }

  /** A client with a session of {@code ttl} (the server grants 0.5 s to 5 s). */
  CoordinationClient open(String ownerId, Duration ttl) {
    return openVia(server.port(), (address, ticker) -> MetaState.open(config(address, ownerId, ttl).withTicker(ticker)));
  }

  @Override
  public Set<Capability> capabilities() {
    // COMPACT_HISTORY: ZooKeeper keeps no event history a watcher could replay, so there is nothing to compact.
    // PAUSE_BACKEND: an in-process server cannot be SIGSTOPped; ZooKeeperProcessCompatibilityTest covers it.
    return EnumSet.of(Capability.EXPIRE_SESSION, Capability.RESTART_BACKEND, Capability.DISCONNECT_CLIENT,
        Capability.NETWORK_FAULTS, Capability.MOVE_CLOCK);
  }

  /** The server's client port, for tests that open a raw ZooKeeper or Curator client beside ours. */
  int serverPort() {
    return server.port();
  }

  @Override
  public void expireSession(CoordinationClient client) {
    ZkClient zk = (ZkClient) client;
    server.expireSession(zk.sessionId(), zk.sessionPassword());
  }

  @Override
  public void stopBackend() {
    server.stop();
  }

  @Override
  public void startBackend() {
    server.restart();
  }

  @Override
  protected void closeBackend() {
    server.close();
  }
}
