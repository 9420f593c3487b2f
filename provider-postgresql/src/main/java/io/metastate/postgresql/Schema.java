package io.metastate.postgresql;

import io.metastate.error.ConfigurationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates metastate's tables on first use, in one transaction under an advisory lock (so that clients starting
 * together create them once), and refuses a schema written by a newer client. The layout is described in the
 * provider's README section.
 */
final class Schema {
  /** The layout this client reads and writes. */
  static final int VERSION = 1;
  /** First key of the advisory lock taken while creating or checking a schema (second key: hash of its name). */
  private static final int LOCK_CLASS = 0x6d657461; // "meta"

  private Schema() {}

  /** Creates the schema if missing, else checks its version. */
  static void ensure(Database db, String schema) {
    db.write("creating or checking schema " + schema, c -> {
      try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
        lock.setInt(1, LOCK_CLASS);
        lock.setString(2, schema);
        lock.execute();
      }
      Integer found = version(c, schema);
      if (found == null) {
        create(c, schema);
      } else if (found > VERSION) {
        throw new ConfigurationException("schema '" + schema + "' (" + PostgresKeys.SCHEMA + ") has layout version "
            + found + ", written by a newer metastate; this client understands version " + VERSION
            + " only: upgrade this client, or use another schema");
      }
      return null;
    });
  }

  private static Integer version(Connection c, String schema) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, schema + ".schema_version");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return null;
        }
      }
    }
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version FROM " + schema + ".schema_version")) {
      return rs.next() ? rs.getInt(1) : null;
    }
  }

  private static void create(Connection c, String s) throws SQLException {
    List<String> ddl = List.of(
        "CREATE SCHEMA IF NOT EXISTS " + s,
        "CREATE TABLE " + s + ".schema_version (one boolean PRIMARY KEY DEFAULT true CHECK (one),"
            + " version int NOT NULL)",
        // The one global revision: every write takes this row's lock first, so revisions follow commit order.
        "CREATE TABLE " + s + ".revision (one boolean PRIMARY KEY DEFAULT true CHECK (one),"
            + " revision bigint NOT NULL, compacted bigint NOT NULL)",
        "CREATE SEQUENCE " + s + ".session_ids",
        "CREATE SEQUENCE " + s + ".fencing_tokens",
        "CREATE TABLE " + s + ".sessions (id bigint PRIMARY KEY, owner_id text NOT NULL, ttl_ms bigint NOT NULL,"
            + " expires_at timestamptz NOT NULL)",
        "CREATE INDEX sessions_expiry ON " + s + ".sessions (expires_at)",
        "CREATE TABLE " + s + ".nodes (path text COLLATE \"C\" PRIMARY KEY, parent text COLLATE \"C\","
            + " data bytea NOT NULL, version bigint NOT NULL, create_revision bigint NOT NULL,"
            + " mod_revision bigint NOT NULL, ephemeral_owner bigint REFERENCES " + s + ".sessions (id),"
            + " last_sequence bigint NOT NULL DEFAULT 0)",
        "CREATE INDEX nodes_parent ON " + s + ".nodes (parent)",
        "CREATE INDEX nodes_owner ON " + s + ".nodes (ephemeral_owner) WHERE ephemeral_owner IS NOT NULL",
        "CREATE TABLE " + s + ".lock_claims (token bigint PRIMARY KEY, name text COLLATE \"C\" NOT NULL,"
            + " session_id bigint NOT NULL REFERENCES " + s + ".sessions (id), owner_id text NOT NULL,"
            + " claim_id uuid NOT NULL UNIQUE)",
        "CREATE INDEX lock_claims_queue ON " + s + ".lock_claims (name, token)",
        "CREATE INDEX lock_claims_session ON " + s + ".lock_claims (session_id)",
        "CREATE TABLE " + s + ".events (revision bigint PRIMARY KEY, type smallint NOT NULL,"
            + " path text COLLATE \"C\" NOT NULL)",
        ClaimRows.createFunction(s),
        "INSERT INTO " + s + ".revision (revision, compacted) VALUES (1, 0)",
        "INSERT INTO " + s + ".nodes (path, parent, data, version, create_revision, mod_revision)"
            + " VALUES ('/', NULL, '', 0, 1, 1)",
        "INSERT INTO " + s + ".schema_version (version) VALUES (" + VERSION + ")");
    try (Statement st = c.createStatement()) {
      for (String sql : ddl) {
        st.execute(sql);
      }
    }
  }
}
