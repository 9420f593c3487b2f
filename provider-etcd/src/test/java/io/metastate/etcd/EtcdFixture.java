package io.metastate.etcd;

import io.metastate.CoordinationClient;
import io.metastate.config.MetaStateConfig;
import io.metastate.tck.Capability;
import io.metastate.tck.MovableTicker;
import io.metastate.tck.wire.ProxiedFixture;
import io.metastate.testing.etcd.EtcdCluster;
import io.metastate.testing.etcd.EtcdServers;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The TCK's view of etcd: a real etcd (ETCD_ENDPOINTS, or a local member started here), each client behind its own
 * loopback relay so that one can be cut off alone. Fault hooks: expire = revoke the client's lease; disconnect = cut
 * its relay; restart = SIGKILL and start the member again on its data dir; pause = SIGSTOP; compact = etcd compaction
 * at the current revision; network faults = the relay's lost replies, delays and blackholes; move clock = each client
 * reads time on its own {@link MovableTicker}. With an external cluster restart and pause are not available.
 *
 * <p>A provider test takes one for itself with {@code @RegisterExtension final EtcdFixture f = new EtcdFixture();}:
 * it is closed when the test ends.
 */
final class EtcdFixture extends ProxiedFixture implements AfterEachCallback {
  static final Duration TTL = Duration.ofSeconds(2);

  private final EtcdCluster etcd = EtcdServers.start();
  private final String namespace = "tck-" + UUID.randomUUID().toString().substring(0, 8) + "/";
  private final EtcdAdmin admin = new EtcdAdmin(etcd.endpoints().toArray(String[]::new));

  EtcdCluster etcd() {
    return etcd;
  }

  @Override
  public CoordinationClient open(String ownerId) {
    return openVia(java.net.URI.create(etcd.endpoint(0)).getPort(), (address, ticker) ->
        EtcdClients.builder().config(MetaStateConfig.of(Map.of()).withTicker(ticker))
            .endpoints("http://" + address).namespace(namespace).sessionTtl(TTL).ownerId(ownerId)
            .connectTimeout(Duration.ofSeconds(5)).requestTimeout(Duration.ofSeconds(5)).open());
  }

  @Override
  public Set<Capability> capabilities() {
    Set<Capability> caps = EnumSet.of(Capability.EXPIRE_SESSION, Capability.DISCONNECT_CLIENT,
        Capability.COMPACT_HISTORY, Capability.NETWORK_FAULTS, Capability.MOVE_CLOCK);
    if (etcd.isLocal()) {
      caps.add(Capability.RESTART_BACKEND);
      caps.add(Capability.PAUSE_BACKEND);
    }
    return caps;
  }

  @Override
  public void expireSession(CoordinationClient client) {
    admin.revoke(client.session().id());
  }

  /** The namespace every client of this fixture writes under (lock {@code L} is the key prefix namespace + L). */
  String namespace() {
    return namespace;
  }

  /** The claim key {@code client} writes for lock {@code name} (v3lock layout: the name, then the lease in hex). */
  String claimKey(String name, CoordinationClient client) {
    return new Keyspace(namespace).lockKey(name, client.session().id());
  }

  /** Whether {@code key} exists, read straight from etcd (no proxy). */
  boolean exists(String key) {
    return admin.exists(key);
  }

  /** Deletes {@code key} straight in etcd, as an operator with etcdctl would. */
  void delete(String key) {
    admin.delete(key);
  }

  /** Whether etcd still has lease {@code id} (it has not expired or been revoked). */
  boolean leaseAlive(long id) {
    return admin.leaseAlive(id);
  }

  @Override
  public void stopBackend() {
    etcd.kill(0);
  }

  @Override
  public void startBackend() {
    if (!etcd.isRunning(0)) {
      etcd.restart(0);
    }
  }

  @Override
  public void pauseBackend() {
    etcd.pause(0);
  }

  @Override
  public void resumeBackend() {
    etcd.resume(0);
  }

  @Override
  public void compactHistory() {
    admin.compact();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  @Override
  protected void closeBackend() {
    admin.close();
    etcd.close();
  }
}
