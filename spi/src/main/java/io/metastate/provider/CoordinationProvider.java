package io.metastate.provider;

import io.metastate.CoordinationClient;
import io.metastate.config.MetaStateConfig;

/**
 * What a provider module implements and registers in
 * {@code META-INF/services/io.metastate.provider.CoordinationProvider}. {@link io.metastate.MetaState} finds it by
 * {@link #name()}.
 */
public interface CoordinationProvider {
  /**
   * The name that selects this provider in {@code metastate.provider}: lower case, e.g. {@code zookeeper}. The name
   * is lower case, and it is the providerName of the clients the provider opens. [CONFIG-1]
   */
  String name();

  /**
   * Opens a client with a new session, connected and ready; fails fast (within the configured connection
   * timeout) if the backend cannot be reached or the configuration is bad.
   *
   * @throws io.metastate.error.ConfigurationException for missing or malformed keys, naming them
   * @throws io.metastate.error.BackendUnavailableException if the backend cannot be reached
   */
  CoordinationClient open(MetaStateConfig config);
}
