package io.metastate.etcd;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.tck.Capability;
import io.metastate.tck.wire.ProxiedFixture;
import io.metastate.testing.junit.BackendMode;
import io.metastate.testing.junit.MetaStateBackend;
import java.net.URI;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * The kit's view of etcd through {@code metastate-testing}: the server comes from {@link MetaStateBackend#etcd()}
 * (a container where a Docker engine runs, which CI requires), clients are opened from its {@code config()}, each
 * behind its own loopback relay so that one can be cut off alone. Faults: pause = {@code docker pause}, stop = SIGKILL
 * of the container, start = the same container started again (same port, same data), expire = lease revoke.
 */
final class EtcdBackendFixture extends ProxiedFixture {
  private final MetaStateBackend etcd = MetaStateBackend.etcd().start();
  private final String endpoint = etcd.config().require("metastate.etcd.endpoints");
  private final String namespace = "tck-" + UUID.randomUUID().toString().substring(0, 8) + "/";
  private final EtcdAdmin admin = new EtcdAdmin(endpoint);

  /**
   * A 3 s session: a cut-off watcher goes SUSPENDED at 60% of the TTL and must be reconnected before the TTL runs out;
   * on a loaded 2-core machine 2 s left too little of that margin (seen once in WatchContract's noSilentGap).
   */
  @Override
  public CoordinationClient open(String ownerId) {
    return openVia(URI.create(endpoint).getPort(), (address, ticker) -> MetaState.open(etcd.config()
        .with("metastate.etcd.endpoints", "http://" + address)
        .with("metastate.etcd.namespace", namespace).with("metastate.session.ttl", "3s")
        .with("metastate.etcd.connect-timeout", "5s").with("metastate.etcd.request-timeout", "5s")
        .with("metastate.owner-id", ownerId)));
  }

  @Override
  public Set<Capability> capabilities() {
    Set<Capability> caps = EnumSet.of(Capability.EXPIRE_SESSION, Capability.DISCONNECT_CLIENT,
        Capability.COMPACT_HISTORY);
    if (etcd.mode() != BackendMode.EXTERNAL) {
      caps.add(Capability.RESTART_BACKEND);
      caps.add(Capability.PAUSE_BACKEND);
    }
    return caps;
  }

  @Override
  public void expireSession(CoordinationClient client) {
    admin.revoke(client.session().id());
  }

  @Override
  public void stopBackend() {
    etcd.kill();
  }

  @Override
  public void startBackend() {
    if (!etcd.isRunning(0)) {
      etcd.restart();
    }
  }

  @Override
  public void pauseBackend() {
    etcd.pause();
  }

  @Override
  public void resumeBackend() {
    etcd.resume();
  }

  @Override
  public void compactHistory() {
    admin.compact();
  }

  @Override
  protected void closeBackend() {
    admin.close();
    etcd.close();
  }
}
