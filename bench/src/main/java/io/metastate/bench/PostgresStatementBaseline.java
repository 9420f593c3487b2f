package io.metastate.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Raw JDBC sending the statements the provider sends for one operation (as {@code Nodes.trySet},
 * {@code ClaimRows.insert} and {@code ClaimRows.delete} write them), on tables of the same shape (keys, collations,
 * foreign keys, indexes) in a schema of its own: a reference that splits our gap to the one-statement baselines into
 * what those statements cost on the server and what our client adds on top. A CAS set is one auto-committed
 * statement: bump the revision, update the node where its version matches, log the event, queue a NOTIFY. A lock
 * cycle is two: a call of the {@code claim} function (advisory lock on the name, the last claim, the insert with a
 * token from a sequence), then the delete that notifies.
 */
final class PostgresStatementBaseline implements AutoCloseable {
  private static final String SCHEMA = "metastate_bench_sent";
  private static final String PATH = "/cas";
  /** The provider's advisory lock class ("lock") and session id of the claims. */
  private static final int LOCK_CLASS = 0x6c6f636b;
  private static final long SESSION = 1;

  private final Connection c;
  private final PreparedStatement set;
  private final PreparedStatement claim;
  private final PreparedStatement release;
  private long version;

  PostgresStatementBaseline(Connection c) throws SQLException {
    this.c = c;
    String s = SCHEMA;
    try (Statement st = c.createStatement()) {
      for (String ddl : new String[] {
          "CREATE SCHEMA IF NOT EXISTS " + s,
          "CREATE TABLE IF NOT EXISTS " + s + ".revision (one boolean PRIMARY KEY DEFAULT true CHECK (one),"
              + " revision bigint NOT NULL, compacted bigint NOT NULL)",
          "INSERT INTO " + s + ".revision (revision, compacted) VALUES (1, 0) ON CONFLICT (one) DO NOTHING",
          "CREATE SEQUENCE IF NOT EXISTS " + s + ".fencing_tokens",
          "CREATE TABLE IF NOT EXISTS " + s + ".sessions (id bigint PRIMARY KEY, owner_id text NOT NULL,"
              + " ttl_ms bigint NOT NULL, expires_at timestamptz NOT NULL)",
          "INSERT INTO " + s + ".sessions VALUES (" + SESSION + ", 'bench', 10000, now() + interval '1 day')"
              + " ON CONFLICT (id) DO NOTHING",
          "CREATE TABLE IF NOT EXISTS " + s + ".nodes (path text COLLATE \"C\" PRIMARY KEY, parent text COLLATE \"C\","
              + " data bytea NOT NULL, version bigint NOT NULL, create_revision bigint NOT NULL,"
              + " mod_revision bigint NOT NULL, ephemeral_owner bigint REFERENCES " + s + ".sessions (id),"
              + " last_sequence bigint NOT NULL DEFAULT 0)",
          "CREATE INDEX IF NOT EXISTS nodes_parent ON " + s + ".nodes (parent)",
          "INSERT INTO " + s + ".nodes (path, parent, data, version, create_revision, mod_revision)"
              + " VALUES ('" + PATH + "', '/', '', 0, 1, 1) ON CONFLICT (path) DO NOTHING",
          "CREATE TABLE IF NOT EXISTS " + s + ".lock_claims (token bigint PRIMARY KEY, name text COLLATE \"C\""
              + " NOT NULL, session_id bigint NOT NULL REFERENCES " + s + ".sessions (id), owner_id text NOT NULL,"
              + " claim_id uuid NOT NULL UNIQUE)",
          "CREATE INDEX IF NOT EXISTS lock_claims_queue ON " + s + ".lock_claims (name, token)",
          "CREATE INDEX IF NOT EXISTS lock_claims_session ON " + s + ".lock_claims (session_id)",
          "CREATE TABLE IF NOT EXISTS " + s + ".events (revision bigint PRIMARY KEY, type smallint NOT NULL,"
              + " path text COLLATE \"C\" NOT NULL)",
          // ClaimRows.createFunction, word for word
          "CREATE OR REPLACE FUNCTION " + s + ".claim(p_name text, p_session bigint, p_owner text, p_id uuid,"
              + " p_only_if_free boolean) RETURNS TABLE (token bigint, ahead bigint) LANGUAGE plpgsql AS $$"
              + " DECLARE t bigint; a bigint;"
              + " BEGIN"
              + " PERFORM pg_advisory_xact_lock(" + LOCK_CLASS + ", hashtext(p_name));"
              + " SELECT max(c.token) INTO a FROM " + s + ".lock_claims c WHERE c.name = p_name;"
              + " IF p_only_if_free AND a IS NOT NULL THEN RETURN; END IF;"
              + " INSERT INTO " + s + ".lock_claims AS c (token, name, session_id, owner_id, claim_id)"
              + " VALUES (nextval('" + s + ".fencing_tokens'), p_name, p_session, p_owner, p_id)"
              + " RETURNING c.token INTO t;"
              + " RETURN QUERY SELECT t, a;"
              + " END $$"}) {
        st.execute(ddl);
      }
      try (ResultSet rs = st.executeQuery("SELECT version FROM " + s + ".nodes WHERE path = '" + PATH + "'")) {
        rs.next();
        version = rs.getLong(1);
      }
    }
    // Nodes.trySet, word for word (type 1 = UPDATED)
    set = c.prepareStatement("WITH r AS (UPDATE " + s + ".revision SET revision = revision + 1 RETURNING revision),"
        + " u AS (UPDATE " + s + ".nodes SET data = ?, version = version + 1,"
        + " mod_revision = (SELECT revision FROM r) WHERE path = ? AND (? OR version = ?)"
        + " RETURNING version, create_revision, mod_revision, ephemeral_owner),"
        + " e AS (INSERT INTO " + s + ".events (revision, type, path) SELECT mod_revision, 1, ? FROM u)"
        + " SELECT version, create_revision, mod_revision, coalesce(ephemeral_owner, 0),"
        + " pg_notify('" + s + "', 'n') FROM u");
    claim = c.prepareStatement("SELECT token, ahead FROM " + s + ".claim(?, ?, ?, ?, ?)");
    release = c.prepareStatement("WITH d AS (DELETE FROM " + s + ".lock_claims WHERE claim_id = ? AND name = ?"
        + " RETURNING name) SELECT pg_notify('" + s + "', 'l' || name) FROM d");
  }

  /** A CAS set: our one statement, with the expected version (1 round trip). */
  void set(byte[] data) throws SQLException {
    set.setBytes(1, data);
    set.setString(2, PATH);
    set.setBoolean(3, false);
    set.setLong(4, version);
    set.setString(5, PATH);
    try (ResultSet rs = set.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("the baseline's set lost its version " + version);
      }
      version = rs.getLong(1);
    }
  }

  /** A lock cycle: our claim call, which says the claim is first, then our release (2 round trips). */
  void lockCycle(String name) throws SQLException {
    UUID id = UUID.randomUUID();
    claim.setString(1, name);
    claim.setLong(2, SESSION);
    claim.setString(3, "bench");
    claim.setObject(4, id);
    claim.setBoolean(5, false);
    try (ResultSet rs = claim.executeQuery()) {
      rs.next();
      rs.getLong(2);
      if (!rs.wasNull()) {
        throw new IllegalStateException("the baseline's claim " + rs.getLong(1) + " is not first in " + name);
      }
    }
    release.setObject(1, id);
    release.setString(2, name);
    try (ResultSet rs = release.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("the baseline's claim " + id + " was gone at release");
      }
    }
  }

  @Override
  public void close() throws SQLException {
    set.close();
    claim.close();
    release.close();
  }
}
