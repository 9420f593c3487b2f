package io.metastate.postgresql;

import io.metastate.Ticker;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The validated configuration of one PostgreSQL client. Every check names the key and the bad value. */
record PostgresSettings(String url, Optional<String> user, Optional<String> password, String schema, int poolSize,
    Optional<String> sslMode, Optional<Path> sslRootCert, Duration connectTimeout, Duration requestTimeout,
    Duration sessionTtl, String ownerId, Ticker ticker) {
  private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,40}");
  private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca",
      "verify-full");

  static PostgresSettings from(MetaStateConfig config) {
    String url = config.require(PostgresKeys.URL);
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new ConfigurationException(PostgresKeys.URL + " must be a PostgreSQL JDBC URL such as"
          + " jdbc:postgresql://host:5432/database, was '" + url + "'");
    }
    Optional<String> user = config.get(PostgresKeys.USER);
    Optional<String> password = config.get(PostgresKeys.PASSWORD);
    if (password.isPresent() && user.isEmpty()) {
      throw new ConfigurationException(PostgresKeys.PASSWORD + " is set but " + PostgresKeys.USER
          + " is not; set the user the password belongs to");
    }
    String schema = config.get(PostgresKeys.SCHEMA).orElse("metastate");
    if (!SCHEMA_NAME.matcher(schema).matches()) {
      throw new ConfigurationException(PostgresKeys.SCHEMA + " must be a lower-case SQL name of at most 41"
          + " characters (letters, digits, underscore; not starting with a digit), was '" + schema + "'");
    }
    Optional<String> sslMode = config.get(PostgresKeys.SSL_MODE);
    sslMode.ifPresent(m -> {
      if (!SSL_MODES.contains(m)) {
        throw new ConfigurationException(PostgresKeys.SSL_MODE + " must be one of " + new java.util.TreeSet<>(SSL_MODES)
            + ", was '" + m + "'");
      }
    });
    Optional<Path> rootCert = config.get(PostgresKeys.SSL_ROOT_CERT).map(raw -> {
      Path p = Path.of(raw);
      if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
        throw new ConfigurationException(PostgresKeys.SSL_ROOT_CERT + " names '" + raw
            + "', which is not a readable file");
      }
      return p;
    });
    return new PostgresSettings(url, user, password, schema, config.positiveInt(PostgresKeys.POOL_SIZE, 8), sslMode,
        rootCert, positive(config, PostgresKeys.CONNECT_TIMEOUT, Duration.ofSeconds(5)),
        positive(config, PostgresKeys.REQUEST_TIMEOUT, Duration.ofSeconds(10)), config.sessionTtl(),
        config.ownerId(), config.ticker());
  }

  /** The tables and channel of the configured schema. */
  SqlNames names() {
    return new SqlNames(schema);
  }

  private static Duration positive(MetaStateConfig config, String key, Duration fallback) {
    Duration d = config.duration(key, fallback);
    if (d.isZero() || d.isNegative()) {
      throw new ConfigurationException(key + " must be positive, was " + d);
    }
    return d;
  }
}
