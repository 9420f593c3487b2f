package io.metastate.bench;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.bench.Harness.Case;
import io.metastate.config.MetaStateConfig;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.testing.postgresql.LocalPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The PostgreSQL provider against raw JDBC on the same server (METASTATE_POSTGRESQL_URL with _USER and _PASSWORD, or
 * a LocalPostgres on 127.0.0.1), same run, cases taking turns: lock acquire+release on one client (raw: a
 * {@code pg_advisory_lock}/{@code pg_advisory_unlock} pair on one connection), with 4 contending clients (raw: the same
 * pair on 4 connections), and a CAS set (raw: {@code UPDATE … WHERE version = ?} on one connection). Targets:
 * uncontended lock ours/raw >= 0.5 — an advisory lock is neither durable nor fenced, ours writes a claim row and takes
 * a token from a sequence, so the raw pair is a ceiling rather than a peer —; CAS ours/raw >= 0.9. The contended
 * figure is printed for reference: advisory waiters are woken inside the server, ours through LISTEN/NOTIFY. So is
 * raw JDBC sending the statements ours sends ({@link PostgresStatementBaseline}: a set's one statement, a lock
 * cycle's claim call and release), which says how much of a gap is the work those statements do on the server and
 * how much our client.
 */
final class PostgresBench implements Suite {
  private static final byte[] VALUE = new byte[100];
  private static final int CLIENTS = 4;
  private static final Duration LOCK_WAIT = Duration.ofSeconds(30);
  /** The provider's schema, whose tables the statement reference shares. */
  private static final String SCHEMA = "metastate_bench";
  private static final String RAW_TABLE = "metastate_bench_raw.cas";
  /** Advisory lock keys of the raw cases (one bigint each: a key space apart from the provider's two-int keys). */
  private static final long SOLO_KEY = 1;
  private static final long CONTENDED_KEY = 2;

  @Override
  public void run(Harness h) throws Exception {
    String url = System.getenv(MetaStateConfig.envName("metastate.postgresql.url"));
    if (url != null && !url.isBlank()) {
      measure(h, url, System.getenv(MetaStateConfig.envName("metastate.postgresql.user")),
          System.getenv(MetaStateConfig.envName("metastate.postgresql.password")));
      return;
    }
    try (LocalPostgres pg = LocalPostgres.start()) {
      measure(h, pg.jdbcUrl(), LocalPostgres.USER, null);
    }
  }

  private void measure(Harness h, String url, String user, String password) throws Exception {
    List<CoordinationClient> ours = new ArrayList<>();
    List<Connection> raw = new ArrayList<>();
    try {
      for (int i = 0; i < CLIENTS; i++) {
        ours.add(MetaState.open(config(url, user, password).with("metastate.owner-id", "bench-" + i)));
        raw.add(connect(url, user, password));
      }
      run(h, ours, raw);
    } finally {
      // before the server stops, so that every session row is ended
      ours.forEach(CoordinationClient::close);
      for (Connection c : raw) {
        c.close();
      }
    }
  }

  private void run(Harness h, List<CoordinationClient> ours, List<Connection> raw) throws Exception {
    MetaStateService state = ours.get(0).state();
    if (state.exists("/cas").isEmpty()) {
      state.create("/cas", VALUE, CreateMode.PERSISTENT);
    }
    long[] ourVersion = {state.exists("/cas").orElseThrow().version()};
    long[] rawVersion = {rawTable(raw.get(0))};
    // Session-level advisory locks, as a lock held across transactions must be; one connection per raw client.
    List<Advisory> advisory = raw.stream().map(Advisory::new).toList();
    try (PreparedStatement rawCas = raw.get(0).prepareStatement(
        "UPDATE " + RAW_TABLE + " SET data = ?, version = version + 1 WHERE id = 1 AND version = ?");
        PostgresStatementBaseline statements = new PostgresStatementBaseline(raw.get(1), SCHEMA)) {
      List<Result> r = h.alternate(5, List.of(
          new Case("raw pg_advisory_lock+unlock, 1 connection", 1, (t, i) -> advisory.get(0).cycle(SOLO_KEY)),
          new Case("metastate lock acquire+release, 1 client", 1,
              (t, i) -> ours.get(0).locks().acquire("solo", LOCK_WAIT).orElseThrow().release()),
          new Case("raw pg_advisory_lock+unlock, 4 contending", CLIENTS, (t, i) -> advisory.get(t).cycle(CONTENDED_KEY)),
          new Case("metastate lock, 4 contending clients", CLIENTS,
              (t, i) -> ours.get(t).locks().acquire("contended", LOCK_WAIT).orElseThrow().release()),
          new Case("raw UPDATE ... WHERE version = ?", 1, (t, i) -> {
            rawCas.setBytes(1, VALUE);
            rawCas.setLong(2, rawVersion[0]);
            if (rawCas.executeUpdate() != 1) {
              throw new IllegalStateException("raw CAS lost its version " + rawVersion[0]);
            }
            rawVersion[0]++;
          }),
          new Case("metastate CAS set (expected version)", 1,
              (t, i) -> ourVersion[0] = state.set("/cas", VALUE, ourVersion[0]).version()),
          new Case("raw: a lock cycle's 2 statements (reference)", 1, (t, i) -> statements.lockCycle("solo-raw")),
          new Case("raw: a CAS set's 1 statement (reference)", 1, (t, i) -> statements.set(VALUE))));
      h.ratio("lock acquire+release, 1 client: ours/raw advisory lock", r.get(1), r.get(0), 0.5);
      h.reference("lock, 4 contending: ours/raw advisory lock", r.get(3), r.get(2));
      h.ratio("CAS set: ours/raw UPDATE ... WHERE version", r.get(5), r.get(4), 0.9);
      // Where the gap is: what our statements cost on the server (raw sending them) or what our client adds.
      h.reference("lock, 1 client: ours/raw sending our 2 statements", r.get(1), r.get(6));
      h.reference("lock: raw sending our 2 statements/raw advisory pair", r.get(6), r.get(0));
      h.reference("CAS set: ours/raw sending our 1 statement", r.get(5), r.get(7));
      h.reference("CAS set: raw sending our 1 statement/raw UPDATE", r.get(7), r.get(4));
    } finally {
      for (Advisory a : advisory) {
        a.close();
      }
    }
  }

  /** Creates the raw CAS table (one row) if missing; returns the row's version. */
  private static long rawTable(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS metastate_bench_raw");
      s.execute("CREATE TABLE IF NOT EXISTS " + RAW_TABLE
          + " (id int PRIMARY KEY, data bytea NOT NULL, version bigint NOT NULL)");
      s.execute("INSERT INTO " + RAW_TABLE + " VALUES (1, '', 0) ON CONFLICT (id) DO NOTHING");
      try (var rs = s.executeQuery("SELECT version FROM " + RAW_TABLE + " WHERE id = 1")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static MetaStateConfig config(String url, String user, String password) {
    Map<String, String> keys = new HashMap<>(Map.of("metastate.provider", "postgresql",
        "metastate.postgresql.url", url, "metastate.postgresql.schema", SCHEMA,
        "metastate.session.ttl", "10s"));
    if (user != null) {
      keys.put("metastate.postgresql.user", user);
    }
    if (password != null) {
      keys.put("metastate.postgresql.password", password);
    }
    return MetaStateConfig.of(keys);
  }

  private static Connection connect(String url, String user, String password) throws SQLException {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    Connection c = DriverManager.getConnection(url, p);
    c.setAutoCommit(true);
    return c;
  }

  /** A {@code pg_advisory_lock}/{@code pg_advisory_unlock} pair as prepared statements on one connection. */
  private static final class Advisory implements AutoCloseable {
    private final PreparedStatement lock;
    private final PreparedStatement unlock;

    Advisory(Connection c) {
      try {
        lock = c.prepareStatement("SELECT pg_advisory_lock(?)");
        unlock = c.prepareStatement("SELECT pg_advisory_unlock(?)");
      } catch (SQLException e) {
        throw new IllegalStateException("cannot prepare the advisory lock statements", e);
      }
    }

    void cycle(long key) throws SQLException {
      lock.setLong(1, key);
      lock.executeQuery().close();
      unlock.setLong(1, key);
      try (var rs = unlock.executeQuery()) {
        if (!rs.next() || !rs.getBoolean(1)) {
          throw new IllegalStateException("advisory lock " + key + " was not held at unlock");
        }
      }
    }

    @Override
    public void close() throws SQLException {
      lock.close();
      unlock.close();
    }
  }
}
