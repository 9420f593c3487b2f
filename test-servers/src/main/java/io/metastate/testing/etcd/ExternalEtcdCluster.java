package io.metastate.testing.etcd;

import java.util.List;

/** An etcd cluster someone else runs ({@code ETCD_ENDPOINTS}): endpoints only, no fault hooks. */
final class ExternalEtcdCluster implements EtcdCluster {
  private final List<String> endpoints;

  ExternalEtcdCluster(List<String> endpoints) {
    if (endpoints.isEmpty()) {
      throw new IllegalStateException(EtcdServers.ENDPOINTS_ENV + " is set but names no endpoint");
    }
    this.endpoints = List.copyOf(endpoints);
  }

  @Override
  public List<String> endpoints() {
    return endpoints;
  }

  @Override
  public int size() {
    return endpoints.size();
  }

  @Override
  public boolean isLocal() {
    return false;
  }

  @Override
  public int leader() {
    return EtcdStatus.leaderIndex(endpoints, i -> true);
  }

  @Override
  public void kill(int i) {
    throw unsupported("kill");
  }

  @Override
  public void restart(int i) {
    throw unsupported("restart");
  }

  @Override
  public void pause(int i) {
    throw unsupported("pause");
  }

  @Override
  public void resume(int i) {
    throw unsupported("resume");
  }

  @Override
  public boolean isRunning(int i) {
    return true;
  }

  @Override
  public void awaitHealthy() {
    endpoints.forEach(EtcdStatus::awaitHealthy);
  }

  @Override
  public void close() {
    // not ours to stop
  }

  private UnsupportedOperationException unsupported(String what) {
    return new UnsupportedOperationException("cannot " + what + " a member of the external cluster from "
        + EtcdServers.ENDPOINTS_ENV + "; fault-injection tests use EtcdServers.startLocal(n)");
  }
}
