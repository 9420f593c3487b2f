package io.metastate.zookeeper;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.tck.Capability;
import io.metastate.tck.wire.ProxiedFixture;
import io.metastate.testing.TestTiming;
import io.metastate.testing.junit.MetaStateBackend;
import io.metastate.testing.zookeeper.ZooKeeperSessions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The kit's view of ZooKeeper through {@code metastate-testing}: the server comes from
 * {@link MetaStateBackend#zookeeper()} (a container where a Docker engine runs, which CI requires; else a child JVM),
 * clients are opened from its {@code config()}, each behind its own loopback relay so that one can be cut off alone.
 * Faults: pause = {@code docker pause}, stop = SIGKILL of the container, start = the same container started again
 * (same port, same data), expire = a twin connection closing the session on the server.
 */
final class ZooKeeperBackendFixture extends ProxiedFixture {
  private final MetaStateBackend zookeeper = MetaStateBackend.zookeeper().start();
  private final String connect = zookeeper.config().require("metastate.zookeeper.connect");

  /** A 3 s session: ZooKeeper's client waits up to a second before it reconnects after a cut. */
  @Override
  public CoordinationClient open(String ownerId) {
    return openVia(Integer.parseInt(connect.substring(connect.lastIndexOf(':') + 1)), (address, ticker) ->
        MetaState.open(zookeeper.config().with("metastate.zookeeper.connect", address)
            .with("metastate.session.ttl", "3s")
            .with("metastate.zookeeper.connection-timeout", TestTiming.seconds(5).toMillis() + "ms")
            .with("metastate.owner-id", ownerId)));
  }

  @Override
  public Set<Capability> capabilities() {
    // COMPACT_HISTORY: ZooKeeper keeps no event history a watcher could replay, so there is nothing to compact.
    return EnumSet.of(Capability.EXPIRE_SESSION, Capability.DISCONNECT_CLIENT, Capability.RESTART_BACKEND,
        Capability.PAUSE_BACKEND);
  }

  @Override
  public void expireSession(CoordinationClient client) {
    ZkClient zk = (ZkClient) client;
    ZooKeeperSessions.expire(connect, zk.sessionId(), zk.sessionPassword(), TestTiming.waitLimit());
  }

  @Override
  public void stopBackend() {
    zookeeper.kill();
  }

  @Override
  public void startBackend() {
    if (!zookeeper.isRunning(0)) {
      zookeeper.restart();
    }
  }

  @Override
  public void pauseBackend() {
    zookeeper.pause();
  }

  @Override
  public void resumeBackend() {
    zookeeper.resume();
  }

  @Override
  protected void closeBackend() {
    zookeeper.close();
  }
}
