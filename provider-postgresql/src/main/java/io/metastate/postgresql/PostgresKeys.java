package io.metastate.postgresql;

/** The configuration keys of the {@code postgresql} provider (beside the common ones in ConfigKeys). */
public final class PostgresKeys {
  /** The JDBC URL of the database, e.g. {@code jdbc:postgresql://db.example:5432/app}. Required. */
  public static final String URL = "metastate.postgresql.url";
  /** The database user. Default: the driver's (the URL's {@code user} parameter, else the OS user). */
  public static final String USER = "metastate.postgresql.user";
  /** The user's password. Goes with {@link #USER}. */
  public static final String PASSWORD = "metastate.postgresql.password";
  /** The schema that holds metastate's tables, created on first use. Default {@code metastate}. */
  public static final String SCHEMA = "metastate.postgresql.schema";
  /** How many pooled connections a client keeps for its requests (beside one for LISTEN). Default 8. */
  public static final String POOL_SIZE = "metastate.postgresql.pool-size";
  /**
   * The driver's {@code sslmode}: {@code disable}, {@code allow}, {@code prefer}, {@code require}, {@code verify-ca}
   * or {@code verify-full}. Default: the driver's ({@code prefer}).
   */
  public static final String SSL_MODE = "metastate.postgresql.ssl-mode";
  /** The driver's {@code sslrootcert}: a PEM file of the CA that signed the server's certificate. */
  public static final String SSL_ROOT_CERT = "metastate.postgresql.ssl-root-cert";
  /** How long opening a connection may take. Default {@code 5s}. */
  public static final String CONNECT_TIMEOUT = "metastate.postgresql.connect-timeout";
  /** How long one request may wait for its reply before the connection counts as lost. Default {@code 10s}. */
  public static final String REQUEST_TIMEOUT = "metastate.postgresql.request-timeout";

  private PostgresKeys() {}
}
