package io.metastate.etcd;

import io.metastate.CoordinationClient;
import io.metastate.config.ConfigKeys;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.ConfigurationException;
import io.metastate.provider.support.SettingsOnce;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Opens etcd clients in code, without going through {@link io.metastate.MetaState}:
 * <pre>{@code
 * CoordinationClient client = EtcdClients.builder()
 *     .endpoints("http://127.0.0.1:2379").namespace("billing/").sessionTtl(Duration.ofSeconds(10)).open();
 * }</pre>
 * Every setting may be given once; a repeated setting, or one that conflicts with a value from
 * {@link Builder#config(MetaStateConfig)}, fails at once with {@link ConfigurationException}.
 */
public final class EtcdClients {
  private EtcdClients() {}

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects settings; see {@link EtcdKeys} for what each means. */
  public static final class Builder {
    private final SettingsOnce values = SettingsOnce.of("etcd client builder");
    private MetaStateConfig base = MetaStateConfig.of(Map.of());
    private boolean baseSet;

    private Builder() {}

    /** Starts from a loaded configuration; keys set on the builder must not also be set there. */
    public Builder config(MetaStateConfig config) {
      if (baseSet) {
        throw new ConfigurationException("config(...) set twice on the etcd client builder");
      }
      baseSet = true;
      for (String key : values.asMap().keySet()) {
        conflict(config, key);
      }
      base = config;
      return this;
    }

    /** {@link EtcdKeys#ENDPOINTS}. */
    public Builder endpoints(String... urls) {
      return set(EtcdKeys.ENDPOINTS, String.join(",", urls));
    }

    /** {@link EtcdKeys#NAMESPACE}. */
    public Builder namespace(String prefix) {
      return set(EtcdKeys.NAMESPACE, prefix);
    }

    /** {@link ConfigKeys#SESSION_TTL}: the lease TTL. */
    public Builder sessionTtl(Duration ttl) {
      return set(ConfigKeys.SESSION_TTL, ttl.toString());
    }

    /** {@link ConfigKeys#OWNER_ID}. */
    public Builder ownerId(String ownerId) {
      return set(ConfigKeys.OWNER_ID, ownerId);
    }

    /** {@link EtcdKeys#CONNECT_TIMEOUT}. */
    public Builder connectTimeout(Duration timeout) {
      return set(EtcdKeys.CONNECT_TIMEOUT, timeout.toString());
    }

    /** {@link EtcdKeys#REQUEST_TIMEOUT}. */
    public Builder requestTimeout(Duration timeout) {
      return set(EtcdKeys.REQUEST_TIMEOUT, timeout.toString());
    }

    /** {@link EtcdKeys#TLS_CA}. */
    public Builder trustedCa(Path pem) {
      return set(EtcdKeys.TLS_CA, pem.toString());
    }

    /** {@link EtcdKeys#TLS_CERT} and {@link EtcdKeys#TLS_KEY}. */
    public Builder clientCertificate(Path certPem, Path keyPem) {
      set(EtcdKeys.TLS_CERT, certPem.toString());
      return set(EtcdKeys.TLS_KEY, keyPem.toString());
    }

    /** {@link EtcdKeys#USER} and {@link EtcdKeys#PASSWORD}. */
    public Builder credentials(String user, String password) {
      set(EtcdKeys.USER, user);
      values.putSecret(EtcdKeys.PASSWORD, password);
      conflict(base, EtcdKeys.PASSWORD);
      return this;
    }

    /**
     * Opens the client: connects, grants the session lease, starts keep-alives.
     *
     * @throws ConfigurationException for bad settings, naming the key
     * @throws io.metastate.error.BackendUnavailableException if etcd cannot be reached within the connect timeout
     */
    public CoordinationClient open() {
      MetaStateConfig merged = base;
      for (Map.Entry<String, Object> e : values.asMap().entrySet()) {
        merged = merged.with(e.getKey(), (String) e.getValue());
      }
      return EtcdCoordinationClient.open(EtcdSettings.from(merged));
    }

    private Builder set(String key, String value) {
      values.put(key, value);
      conflict(base, key);
      return this;
    }

    private void conflict(MetaStateConfig config, String key) {
      String mine = values.get(key, String.class, null);
      config.get(key).filter(v -> !v.equals(mine)).ifPresent(v -> {
        boolean secret = key.equals(EtcdKeys.PASSWORD);
        throw new ConfigurationException(key + " is set both on the builder ('" + (secret ? "***" : mine)
            + "') and in the configuration ('" + (secret ? "***" : v) + "'); set it in one place");
      });
    }
  }
}
