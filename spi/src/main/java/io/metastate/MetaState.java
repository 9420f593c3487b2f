package io.metastate;

import io.metastate.config.ConfigKeys;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.ConfigurationException;
import io.metastate.error.ProviderNotFoundException;
import io.metastate.provider.CoordinationProvider;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The entry point: opens a {@link CoordinationClient} on the provider chosen by configuration.
 *
 * <pre>{@code
 * try (CoordinationClient client = MetaState.open()) {          // metastate.provider=localfile|zookeeper|etcd|postgresql
 *   try (LockLease lease = client.locks().acquire("jobs/nightly", Duration.ofSeconds(5)).orElseThrow()) {
 *     client.state().multi(List.of(Op.lockHeld(lease), Op.set("/jobs/nightly", data, Op.ANY_VERSION)));
 *   }
 * }
 * }</pre>
 */
public final class MetaState {
  private MetaState() {}

  /** Opens a client configured by {@link MetaStateConfig#load()}: system properties, environment, file. */
  public static CoordinationClient open() {
    return open(MetaStateConfig.load());
  }

  /**
   * Opens a client on the provider named by {@code metastate.provider}, or on two providers when
   * {@code metastate.lock.provider} and {@code metastate.state.provider} name different ones.
   *
   * @throws ProviderNotFoundException if a named provider is not on the classpath, listing those that are
   * @throws ConfigurationException if no provider is configured, or the provider rejects the configuration
   */
  public static CoordinationClient open(MetaStateConfig config) {
    Map<String, CoordinationProvider> providers = providers(MetaState.class.getClassLoader());
    String lockName = providerName(config, ConfigKeys.LOCK_PROVIDER, providers);
    String stateName = providerName(config, ConfigKeys.STATE_PROVIDER, providers);
    CoordinationProvider lockProvider = find(providers, lockName, config, ConfigKeys.LOCK_PROVIDER);
    CoordinationProvider stateProvider = find(providers, stateName, config, ConfigKeys.STATE_PROVIDER);
    if (lockProvider == stateProvider) {
      return lockProvider.open(config);
    }
    CoordinationClient state = stateProvider.open(config);
    try {
      return new SplitClient(lockProvider.open(config), state);
    } catch (RuntimeException e) {
      state.close();
      throw e;
    }
  }

  /**
   * The names of the providers on the classpath, sorted. Every provider on the classpath is listed by availableProviders,
   * and found by provider under its name. [CONFIG-2]
   */
  public static List<String> availableProviders() {
    return List.copyOf(providers(MetaState.class.getClassLoader()).keySet());
  }

  /**
   * The provider registered under {@code name}. An unknown name throws ProviderNotFoundException, which reports the
   * name asked for and lists the names of the providers on the classpath. [CONFIG-3]
   *
   * @throws ProviderNotFoundException if none is, listing those that are
   */
  public static CoordinationProvider provider(String name) {
    Map<String, CoordinationProvider> providers = providers(MetaState.class.getClassLoader());
    return find(providers, name, MetaStateConfig.of(Map.of(ConfigKeys.PROVIDER, name)), ConfigKeys.PROVIDER);
  }

  static Map<String, CoordinationProvider> providers(ClassLoader loader) {
    Map<String, CoordinationProvider> byName = new TreeMap<>();
    for (CoordinationProvider p : ServiceLoader.load(CoordinationProvider.class, loader)) {
      CoordinationProvider previous = byName.putIfAbsent(p.name(), p);
      if (previous != null && previous.getClass() != p.getClass()) {
        throw new ConfigurationException("two providers are named '" + p.name() + "': "
            + previous.getClass().getName() + " and " + p.getClass().getName() + "; remove one from the classpath");
      }
    }
    return byName;
  }

  private static String providerName(MetaStateConfig config, String specificKey,
      Map<String, CoordinationProvider> providers) {
    Optional<String> name = config.get(specificKey).or(() -> config.get(ConfigKeys.PROVIDER));
    return name.orElseThrow(() -> new ConfigurationException("no provider configured: set " + ConfigKeys.PROVIDER
        + " (or " + MetaStateConfig.envName(ConfigKeys.PROVIDER) + ") to one of " + providers.keySet()));
  }

  private static CoordinationProvider find(Map<String, CoordinationProvider> providers, String name,
      MetaStateConfig config, String specificKey) {
    CoordinationProvider p = providers.get(name);
    if (p == null) {
      String key = config.get(specificKey).isPresent() ? specificKey : ConfigKeys.PROVIDER;
      throw new ProviderNotFoundException(key, name, List.copyOf(providers.keySet()));
    }
    return p;
  }
}
