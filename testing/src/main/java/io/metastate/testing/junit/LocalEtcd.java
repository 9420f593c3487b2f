package io.metastate.testing.junit;

import io.metastate.testing.etcd.EtcdCluster;
import io.metastate.testing.etcd.EtcdServers;
import java.util.Map;

/** etcd without Docker: {@code ETCD_ENDPOINTS} if set (no fault hooks), else the local binary on free ports. */
final class LocalEtcd implements RunningBackend {
  private final EtcdCluster etcd;

  private LocalEtcd(EtcdCluster etcd) {
    this.etcd = etcd;
  }

  static LocalEtcd external() {
    return new LocalEtcd(EtcdServers.start());
  }

  static LocalEtcd start(int size) {
    return new LocalEtcd(EtcdServers.startLocal(size));
  }

  @Override
  public BackendMode mode() {
    return etcd.isLocal() ? BackendMode.LOCAL_PROCESS : BackendMode.EXTERNAL;
  }

  @Override
  public String description() {
    return etcd.isLocal()
        ? "etcd, " + etcd.size() + " member(s), local binary " + EtcdServers.etcdBinary() + " at " + etcd.endpointList()
        : "etcd at " + etcd.endpointList() + " (" + EtcdServers.ENDPOINTS_ENV + ")";
  }

  @Override
  public Map<String, String> settings() {
    return Map.of("metastate.provider", "etcd", "metastate.etcd.endpoints", etcd.endpointList());
  }

  @Override
  public int size() {
    return etcd.size();
  }

  @Override
  public void pause(int member) {
    etcd.pause(member);
  }

  @Override
  public void resume(int member) {
    etcd.resume(member);
  }

  @Override
  public void kill(int member) {
    etcd.kill(member);
  }

  @Override
  public void restart(int member) {
    if (etcd.isRunning(member)) {
      etcd.kill(member);
    }
    etcd.restart(member);
  }

  @Override
  public boolean isRunning(int member) {
    return etcd.isRunning(member);
  }

  @Override
  public void close() {
    etcd.close();
  }
}
