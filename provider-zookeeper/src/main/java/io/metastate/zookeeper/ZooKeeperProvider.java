package io.metastate.zookeeper;

import io.metastate.CoordinationClient;
import io.metastate.config.MetaStateConfig;
import io.metastate.provider.CoordinationProvider;

/**
 * The {@code zookeeper} provider, found by {@link java.util.ServiceLoader}: {@code metastate.provider=zookeeper}.
 * The keys it reads are listed on {@link ZooKeeperClientBuilder}.
 */
public final class ZooKeeperProvider implements CoordinationProvider {
  /** The name that selects this provider. */
  public static final String NAME = "zookeeper";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CoordinationClient open(MetaStateConfig config) {
    return ZooKeeperClientBuilder.fromConfig(config).open();
  }
}
