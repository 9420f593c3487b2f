package io.metastate.zookeeper;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.tck.Capability;
import io.metastate.tck.ProviderFixture;
import io.metastate.testing.TestTiming;
import io.metastate.testing.zookeeper.ZooKeeperProcess;
import io.metastate.testing.zookeeper.ZooKeeperSessions;
import java.util.EnumSet;
import java.util.Set;

/**
 * ZooKeeper in its own JVM, for the faults an in-process server cannot suffer: SIGSTOP (pause) and SIGKILL (stop),
 * then a restart on the same port with the same data.
 */
final class ZooKeeperProcessFixture implements ProviderFixture {
  private final ZooKeeperProcess server = ZooKeeperProcess.start();

  @Override
  public CoordinationClient open(String ownerId) {
    return MetaState.open(ZooKeeperFixture.config(server.connectString(), ownerId));
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(Capability.PAUSE_BACKEND, Capability.RESTART_BACKEND, Capability.EXPIRE_SESSION);
  }

  @Override
  public void expireSession(CoordinationClient client) {
    ZkClient zk = (ZkClient) client;
    ZooKeeperSessions.expire(server.connectString(), zk.sessionId(), zk.sessionPassword(), TestTiming.waitLimit());
  }

  @Override
  public void stopBackend() {
    server.kill();
  }

  @Override
  public void startBackend() {
    if (!server.isRunning()) {
      server.restartAndAwait();
    }
  }

  @Override
  public void pauseBackend() {
    server.pause();
  }

  @Override
  public void resumeBackend() {
    server.resume();
  }

  @Override
  public void close() {
    server.close();
  }
}
