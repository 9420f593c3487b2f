package io.metastate.etcd;

import io.metastate.CoordinationClient;
import io.metastate.config.MetaStateConfig;
import io.metastate.provider.CoordinationProvider;

/** The {@code etcd} provider, found by {@link java.util.ServiceLoader}; configured by the keys in {@link EtcdKeys}. */
public final class EtcdProvider implements CoordinationProvider {
  /** The name that selects this provider: {@code metastate.provider=etcd}. */
  public static final String NAME = "etcd";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CoordinationClient open(MetaStateConfig config) {
    return EtcdCoordinationClient.open(EtcdSettings.from(config));
  }
}
