package io.metastate.postgresql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.metastate.error.BackendUnavailableException;
import io.metastate.error.ClientClosedException;
import io.metastate.error.CoordinationException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The client's connections: a HikariCP pool for requests, and plain driver connections for LISTEN (a listening
 * connection must stay one session, so it never comes from the pool). Runs units of work with error mapping: a read
 * auto-commits; a write is one transaction, retried on a serialization failure or deadlock.
 */
final class Database implements AutoCloseable {
  /** A unit of work on one connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private static final int MAX_ATTEMPTS = 5;

  private final PostgresSettings settings;
  private final Properties driverProperties;
  private final HikariDataSource pool;

  private Database(PostgresSettings settings, Properties driverProperties, HikariDataSource pool) {
    this.settings = settings;
    this.driverProperties = driverProperties;
    this.pool = pool;
  }

  /**
   * Opens the pool and checks one connection within the connect timeout.
   *
   * @throws BackendUnavailableException if the database cannot be reached
   */
  static Database open(PostgresSettings s) {
    Properties props = new Properties();
    s.user().ifPresent(u -> props.setProperty("user", u));
    s.password().ifPresent(p -> props.setProperty("password", p));
    s.sslMode().ifPresent(m -> props.setProperty("sslmode", m));
    s.sslRootCert().ifPresent(c -> props.setProperty("sslrootcert", c.toString()));
    props.setProperty("connectTimeout", Long.toString(seconds(s.connectTimeout())));
    // A reply that takes longer than this counts as a lost connection: the request's outcome is then unknown.
    props.setProperty("socketTimeout", Long.toString(seconds(s.requestTimeout())));
    props.setProperty("tcpKeepAlive", "true");
    props.setProperty("ApplicationName", "metastate");
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(s.url());
    hc.setDataSourceProperties(props);
    hc.setMaximumPoolSize(s.poolSize());
    hc.setMinimumIdle(1);
    hc.setConnectionTimeout(Math.max(250, s.connectTimeout().toMillis()));
    hc.setValidationTimeout(Math.max(250, Math.min(s.connectTimeout().toMillis(), 2000)));
    hc.setInitializationFailTimeout(Math.max(1, s.connectTimeout().toMillis()));
    hc.setPoolName("metastate-postgresql");
    try {
      return new Database(s, props, new HikariDataSource(hc));
    } catch (HikariPool.PoolInitializationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof SQLException sql && !Errors.isConnectionFailure(sql)) {
        throw Errors.map(sql, "connecting to " + s.url(), false, false);
      }
      throw new BackendUnavailableException("cannot reach PostgreSQL at " + s.url() + " (" + PostgresKeys.URL
          + ") within " + s.connectTimeout().toMillis() + " ms (" + PostgresKeys.CONNECT_TIMEOUT + "): "
          + cause.getMessage(), e);
    }
  }

  private static long seconds(java.time.Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }

  /** A new connection outside the pool, for LISTEN. */
  Connection dedicatedConnection() throws SQLException {
    return new org.postgresql.Driver().connect(settings.url(), driverProperties);
  }

  /** Runs a read (auto-commit). */
  <T> T read(String what, Work<T> work) {
    return autoCommitted(what, work, false);
  }

  /** HikariCP fails in its own ways when the pool is closed under a running call (the client was closed). */
  private RuntimeException closedOr(RuntimeException e) {
    if (pool.isClosed() && !(e instanceof CoordinationException)) {
      return new ClientClosedException("the PostgreSQL client was closed during the call");
    }
    return e;
  }

  /** Runs one auto-committed writing statement: if the connection breaks, its outcome is unknown. */
  <T> T writeStatement(String what, Work<T> work) {
    return autoCommitted(what, work, true);
  }

  /** A write's statement commits as it runs, so a failure of a write is mapped as one that may have committed. */
  private <T> T autoCommitted(String what, Work<T> work, boolean write) {
    try (Connection c = pool.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw Errors.map(e, what, write, write);
    } catch (RuntimeException e) {
      throw closedOr(e);
    }
  }

  /** Runs a write as one transaction; retried when the database reports a serialization failure or deadlock. */
  <T> T write(String what, Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return writeOnce(what, work);
      } catch (Retry r) {
        if (attempt >= MAX_ATTEMPTS) {
          throw Errors.map(r.cause, what, true, false);
        }
      }
    }
  }

  private <T> T writeOnce(String what, Work<T> work) {
    boolean committing = false;
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        committing = true;
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      } // HikariCP restores auto-commit when the connection goes back to the pool

    } catch (SQLException e) {
      if (!committing && Errors.isRetryable(e)) {
        throw new Retry(e);
      }
      throw Errors.map(e, what, true, committing);
    } catch (RuntimeException e) {
      throw closedOr(e);
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken: the server rolls the transaction back when it notices
    }
  }

  @Override
  public void close() {
    pool.close();
  }

  /** A transaction the database asked us to run again. */
  private static final class Retry extends CoordinationException {
    private static final long serialVersionUID = 1L;
    private final transient SQLException cause;

    Retry(SQLException cause) {
      super("retry", true, cause);
      this.cause = cause;
    }
  }
}
