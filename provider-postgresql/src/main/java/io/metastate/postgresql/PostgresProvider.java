package io.metastate.postgresql;

import io.metastate.CoordinationClient;
import io.metastate.config.MetaStateConfig;
import io.metastate.provider.CoordinationProvider;

/**
 * The {@code postgresql} provider, found by {@link java.util.ServiceLoader}; configured by the keys in
 * {@link PostgresKeys}.
 */
public final class PostgresProvider implements CoordinationProvider {
  /** The name that selects this provider: {@code metastate.provider=postgresql}. */
  public static final String NAME = "postgresql";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CoordinationClient open(MetaStateConfig config) {
    return PgClient.open(PostgresSettings.from(config));
  }
}
