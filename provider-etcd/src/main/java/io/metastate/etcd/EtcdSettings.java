package io.metastate.etcd;

import io.metastate.Ticker;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.ConfigurationException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The validated configuration of one etcd client. Every check names the key and the bad value. The ticker is the
 * config's clock, on which session and lease time is read.
 */
record EtcdSettings(List<URI> endpoints, String namespace, Duration leaseTtl, Duration connectTimeout,
    Duration requestTimeout, Optional<Path> tlsCa, Optional<Path> tlsCert, Optional<Path> tlsKey,
    Optional<String> user, Optional<String> password, String ownerId, Ticker ticker) {

  static EtcdSettings from(MetaStateConfig config) {
    List<URI> endpoints = parseEndpoints(config.require(EtcdKeys.ENDPOINTS));
    String namespace = config.get(EtcdKeys.NAMESPACE).orElse("");
    if (namespace.contains("~")) {
      throw new ConfigurationException(EtcdKeys.NAMESPACE + " must not contain '~' (it marks metastate's internal"
          + " keys), was '" + namespace + "'");
    }
    Duration ttl = positive(config, EtcdKeys.LEASE_TTL, config.sessionTtl());
    Duration connect = positive(config, EtcdKeys.CONNECT_TIMEOUT, Duration.ofSeconds(5));
    Duration request = positive(config, EtcdKeys.REQUEST_TIMEOUT, Duration.ofSeconds(10));
    Optional<Path> ca = file(config, EtcdKeys.TLS_CA);
    Optional<Path> cert = file(config, EtcdKeys.TLS_CERT);
    Optional<Path> key = file(config, EtcdKeys.TLS_KEY);
    if (cert.isPresent() != key.isPresent()) {
      throw new ConfigurationException(EtcdKeys.TLS_CERT + " and " + EtcdKeys.TLS_KEY
          + " go together (client certificate and its key); only " + (cert.isPresent() ? EtcdKeys.TLS_CERT
          : EtcdKeys.TLS_KEY) + " is set");
    }
    boolean tls = ca.isPresent() || cert.isPresent();
    for (URI u : endpoints) {
      if (tls && !"https".equals(u.getScheme())) {
        throw new ConfigurationException("TLS is configured (" + EtcdKeys.TLS_CA + "/" + EtcdKeys.TLS_CERT
            + ") but endpoint " + u + " in " + EtcdKeys.ENDPOINTS + " is not https://");
      }
    }
    Optional<String> user = config.get(EtcdKeys.USER);
    Optional<String> password = config.get(EtcdKeys.PASSWORD);
    if (user.isPresent() != password.isPresent()) {
      throw new ConfigurationException(EtcdKeys.USER + " and " + EtcdKeys.PASSWORD + " go together; only "
          + (user.isPresent() ? EtcdKeys.USER : EtcdKeys.PASSWORD) + " is set");
    }
    return new EtcdSettings(endpoints, namespace, ttl, connect, request, ca, cert, key, user, password,
        config.ownerId(), config.ticker());
  }

  /** The lease TTL in whole seconds, rounded up (etcd grants in seconds). */
  long ttlSeconds() {
    return Math.max(1, (leaseTtl.toMillis() + 999) / 1000);
  }

  private static List<URI> parseEndpoints(String raw) {
    List<URI> out = new ArrayList<>();
    for (String part : raw.split(",")) {
      String s = part.trim();
      if (s.isEmpty()) {
        continue;
      }
      URI u;
      try {
        u = URI.create(s);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(EtcdKeys.ENDPOINTS + " has a malformed URL '" + s
            + "'; expected http://host:port or https://host:port", e);
      }
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null
          || u.getPort() <= 0) {
        throw new ConfigurationException(EtcdKeys.ENDPOINTS + " has '" + s
            + "'; expected http://host:port or https://host:port (scheme, host and port required)");
      }
      out.add(u);
    }
    if (out.isEmpty()) {
      throw new ConfigurationException(EtcdKeys.ENDPOINTS + " names no endpoint, was '" + raw + "'");
    }
    return List.copyOf(out);
  }

  private static Duration positive(MetaStateConfig config, String key, Duration fallback) {
    Duration d = config.duration(key, fallback);
    if (d.isZero() || d.isNegative()) {
      throw new ConfigurationException(key + " must be positive, was " + d);
    }
    return d;
  }

  private static Optional<Path> file(MetaStateConfig config, String key) {
    return config.get(key).map(raw -> {
      Path p = Path.of(raw);
      if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
        throw new ConfigurationException(key + " names '" + raw + "', which is not a readable file");
      }
      return p;
    });
  }
}
