package io.metastate.localfile;

import io.metastate.CoordinationClient;
import io.metastate.config.MetaStateConfig;
import io.metastate.provider.CoordinationProvider;

/**
 * The {@code localfile} provider: locks and meta-state in an H2 MVStore on local disk, owned by one process.
 * Registered through {@code META-INF/services}; configure it with {@value LocalFileCoordination#DIR_KEY}.
 */
public final class LocalFileProvider implements CoordinationProvider {
  /** The name that selects this provider in {@code metastate.provider}. */
  public static final String NAME = "localfile";

  /** Used by {@link java.util.ServiceLoader}. */
  public LocalFileProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CoordinationClient open(MetaStateConfig config) {
    return LocalFileCoordination.open(config);
  }
}
