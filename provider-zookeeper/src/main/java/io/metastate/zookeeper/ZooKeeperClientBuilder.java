package io.metastate.zookeeper;

import io.metastate.CoordinationClient;
import io.metastate.Ticker;
import io.metastate.config.ConfigKeys;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.ConfigurationException;
import io.metastate.provider.support.SettingsOnce;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a ZooKeeper-backed {@link CoordinationClient}. Every setting may be given once; a repeated or contradictory
 * setting fails at once with a {@link ConfigurationException} naming it.
 *
 * <p>Configuration keys (read by {@link #fromConfig(MetaStateConfig)}, i.e. {@code metastate.provider=zookeeper}):
 * <ul>
 *   <li>{@value #CONNECT} (required): the ZooKeeper connect string, {@code host:port[,host:port...][/chroot]}.
 *   <li>{@value #NAMESPACE}: a path prefix under which everything lives ({@code app1} → {@code /app1/state/...},
 *       {@code /app1/locks/...}); default none.
 *   <li>{@value #SESSION_TIMEOUT}: the ZooKeeper session timeout asked for; default {@code metastate.session.ttl}
 *       (10s). The server may clamp it to [2, 20] × its tickTime; {@code session().ttl()} reports what was granted.
 *   <li>{@value #CONNECTION_TIMEOUT}: how long {@code open} waits for the first connection before failing; default
 *       15s.
 *   <li>{@value #RETRY}: {@code <base sleep>/<max retries>}, e.g. {@code 100ms/3} (the default): exponential backoff
 *       for reconnecting and for retrying reads after a connection loss. Writes are never retried blindly: their
 *       outcome is unknown, so they fail with {@link io.metastate.error.ConnectionLossException}.
 *   <li>{@value #AUTH}: digest credentials {@code user:password}. When set, the client authenticates with them and
 *       every node it creates gets the creator-all ACL (only the same user can read or change it).
 * </ul>
 * Layout in ZooKeeper: meta-state path {@code /a/b} is znode {@code /<namespace>/state/a/b}; lock {@code x/y} lives
 * under {@code /<namespace>/locks/x/y} in Curator's InterProcessMutex layout.
 */
public final class ZooKeeperClientBuilder {
  /** Connect string key. */
  public static final String CONNECT = "metastate.zookeeper.connect";
  /** Namespace (path prefix) key. */
  public static final String NAMESPACE = "metastate.zookeeper.namespace";
  /** Session timeout key. */
  public static final String SESSION_TIMEOUT = "metastate.zookeeper.session-timeout";
  /** Connection timeout key. */
  public static final String CONNECTION_TIMEOUT = "metastate.zookeeper.connection-timeout";
  /** Retry policy key: {@code <base sleep>/<max retries>}. */
  public static final String RETRY = "metastate.zookeeper.retry";
  /** Digest authentication key: {@code user:password}. */
  public static final String AUTH = "metastate.zookeeper.auth";

  private static final String TICKER = "ticker";
  static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(15);
  private static final Pattern HOST_PORT = Pattern.compile("([^:,/\\s]+|\\[[0-9a-fA-F:.]+\\]):(\\d{1,5})");
  private static final Pattern NAMESPACE_SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern RETRY_FORMAT = Pattern.compile("([^/]+)/(\\d+)");

  private final SettingsOnce settings = SettingsOnce.of("ZooKeeper client builder");

  private ZooKeeperClientBuilder() {}

  /** An empty builder; {@link #connect(String)} is required. */
  public static ZooKeeperClientBuilder builder() {
    return new ZooKeeperClientBuilder();
  }

  /** A builder with every {@code metastate.zookeeper.*} key, the session TTL and the owner id of {@code config}. */
  public static ZooKeeperClientBuilder fromConfig(MetaStateConfig config) {
    ZooKeeperClientBuilder b = builder().connect(config.require(CONNECT));
    config.get(NAMESPACE).ifPresent(b::namespace);
    b.sessionTimeout(config.duration(SESSION_TIMEOUT).orElseGet(config::sessionTtl));
    config.duration(CONNECTION_TIMEOUT).ifPresent(b::connectionTimeout);
    config.get(RETRY).ifPresent(raw -> {
      Matcher m = RETRY_FORMAT.matcher(raw.trim());
      if (!m.matches()) {
        throw new ConfigurationException(RETRY + " must be <base sleep>/<max retries> such as 100ms/3, was '" + raw + "'");
      }
      Duration sleep = MetaStateConfig.of(Map.of(RETRY, m.group(1).trim())).duration(RETRY).orElseThrow();
      b.retry(sleep, Integer.parseInt(m.group(2)));
    });
    config.get(AUTH).ifPresent(raw -> {
      int colon = raw.indexOf(':');
      if (colon <= 0 || colon == raw.length() - 1) {
        throw new ConfigurationException(AUTH + " must be digest credentials user:password (both non-empty), was '"
            + mask(raw) + "'");
      }
      b.digestAuth(raw.substring(0, colon), raw.substring(colon + 1));
    });
    return b.ownerId(config.ownerId()).ticker(config.ticker());
  }

  /** The connect string, {@code host:port[,host:port...][/chroot]}. */
  public ZooKeeperClientBuilder connect(String connectString) {
    validateConnect(connectString);
    return put(CONNECT, connectString.trim());
  }

  /** A namespace: one or more segments of {@code [A-Za-z0-9._-]} separated by {@code /}, no leading slash. */
  public ZooKeeperClientBuilder namespace(String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      throw new ConfigurationException(NAMESPACE + " must not be empty");
    }
    for (String segment : namespace.split("/", -1)) {
      if (!NAMESPACE_SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        throw new ConfigurationException(NAMESPACE + " must be segments of letters, digits, '.', '_' and '-'"
            + " separated by '/', without leading or trailing '/', was '" + namespace + "'");
      }
    }
    return put(NAMESPACE, namespace);
  }

  /** The session timeout to ask the server for. */
  public ZooKeeperClientBuilder sessionTimeout(Duration timeout) {
    return put(SESSION_TIMEOUT, positiveMillis(SESSION_TIMEOUT, timeout));
  }

  /** How long {@link #open()} waits for the first connection. */
  public ZooKeeperClientBuilder connectionTimeout(Duration timeout) {
    return put(CONNECTION_TIMEOUT, positiveMillis(CONNECTION_TIMEOUT, timeout));
  }

  /** Exponential backoff: the first sleep and how many retries. */
  public ZooKeeperClientBuilder retry(Duration baseSleep, int maxRetries) {
    int sleep = positiveMillis(RETRY, baseSleep);
    if (maxRetries < 0 || maxRetries > 29) {
      throw new ConfigurationException(RETRY + " max retries must be 0 to 29, was " + maxRetries);
    }
    return put(RETRY, new Retry(sleep, maxRetries));
  }

  /** Digest credentials; nodes created by the client get the creator-all ACL. */
  public ZooKeeperClientBuilder digestAuth(String user, String password) {
    if (user == null || user.isEmpty() || user.indexOf(':') >= 0 || password == null || password.isEmpty()) {
      throw new ConfigurationException(AUTH + " needs a non-empty user without ':' and a non-empty password");
    }
    settings.putSecret(AUTH, user + ":" + password);
    return this;
  }

  /** The owner id recorded in this client's lock nodes ({@code metastate.owner-id}). */
  public ZooKeeperClientBuilder ownerId(String ownerId) {
    if (ownerId == null || ownerId.isBlank()) {
      throw new ConfigurationException(ConfigKeys.OWNER_ID + " must not be blank");
    }
    return put(ConfigKeys.OWNER_ID, ownerId);
  }

  /**
   * The clock the session and its leases read time on ({@link MetaStateConfig#ticker()}); default the system's
   * monotonic clock.
   */
  public ZooKeeperClientBuilder ticker(Ticker ticker) {
    if (ticker == null) {
      throw new ConfigurationException("ticker must not be null");
    }
    return put(TICKER, ticker);
  }

  /**
   * Connects and opens a session; fails within the connection timeout if no server answers.
   *
   * @throws ConfigurationException if the connect string is missing or the credentials are refused
   * @throws io.metastate.error.BackendUnavailableException if no server could be reached in time
   */
  public CoordinationClient open() {
    return ZkConnect.open(settings());
  }

  ZkSettings settings() {
    String connect = settings.get(CONNECT, String.class).orElseThrow(() -> new ConfigurationException(
        "missing configuration " + CONNECT + " (a ZooKeeper connect string such as 127.0.0.1:2181)"));
    Retry retry = settings.get(RETRY, Retry.class, new Retry(100, 3));
    return new ZkSettings(connect, settings.get(NAMESPACE, String.class).map(ns -> "/" + ns).orElse(""),
        settings.get(SESSION_TIMEOUT, Integer.class, (int) MetaStateConfig.DEFAULT_SESSION_TTL.toMillis()),
        settings.get(CONNECTION_TIMEOUT, Integer.class, (int) DEFAULT_CONNECTION_TIMEOUT.toMillis()),
        retry.baseSleepMs(), retry.max(), settings.get(AUTH, String.class, null),
        settings.get(ConfigKeys.OWNER_ID, String.class, MetaStateConfig.of(Map.of()).ownerId()),
        settings.get(TICKER, Ticker.class, Ticker.system()));
  }

  private ZooKeeperClientBuilder put(String key, Object value) {
    settings.put(key, value);
    return this;
  }

  /** The retry setting, as messages show it. */
  private record Retry(int baseSleepMs, int max) {
    @Override
    public String toString() {
      return baseSleepMs + "ms/" + max;
    }
  }

  private static int positiveMillis(String key, Duration d) {
    if (d == null || d.isZero() || d.isNegative() || d.toMillis() > Integer.MAX_VALUE) {
      throw new ConfigurationException(key + " must be a positive duration below 24 days, was " + d);
    }
    return (int) Math.max(1, d.toMillis());
  }

  private static void validateConnect(String connect) {
    if (connect == null || connect.isBlank()) {
      throw new ConfigurationException(CONNECT + " must not be empty; use host:port[,host:port...][/chroot]");
    }
    String hosts = connect.trim();
    int slash = hosts.indexOf('/');
    if (slash >= 0) {
      String chroot = hosts.substring(slash);
      hosts = hosts.substring(0, slash);
      if (chroot.length() > 1 && (chroot.endsWith("/") || chroot.contains("//"))) {
        throw new ConfigurationException(CONNECT + " has a malformed chroot '" + chroot + "' in '" + connect + "'");
      }
    }
    for (String hp : hosts.split(",", -1)) {
      Matcher m = HOST_PORT.matcher(hp.trim());
      if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
        throw new ConfigurationException(CONNECT + " entry '" + hp + "' in '" + connect
            + "' is not host:port with a port from 1 to 65535");
      }
    }
  }

  private static String mask(String raw) {
    int colon = raw.indexOf(':');
    return colon < 0 ? raw : raw.substring(0, colon + 1) + "***";
  }
}
