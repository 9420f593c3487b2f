package io.metastate.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Raw JDBC sending the statements the provider sends for one operation (as {@code Nodes.trySet},
 * {@code ClaimRows.insert} and {@code ClaimRows.delete} write them), on the provider's own tables and {@code claim}
 * function (a node and a lock name of its own): a reference that splits our gap to the one-statement baselines into
 * what those statements cost on the server and what our client adds on top. A CAS set is one auto-committed
 * statement: bump the revision, update the node where its version matches, log the event, queue a NOTIFY. A lock cycle is two: a call of the {@code claim} function (advisory lock on the name, the last claim, the
 * insert with a token from a sequence), then the delete that notifies. The notifications go to a channel nobody
 * listens on, so that our clients do not wake for the reference's writes.
 */
final class PostgresStatementBaseline implements AutoCloseable {
  private static final String PATH = "/cas-raw";
  private static final String CHANNEL = "metastate_bench_raw";

  private final PreparedStatement set;
  private final PreparedStatement claim;
  private final PreparedStatement release;
  private final long session;
  private long version;

  /** On the provider's schema {@code s}, which must hold a live session (one of ours, whose claims these borrow). */
  PostgresStatementBaseline(Connection c, String s) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("INSERT INTO " + s + ".nodes (path, parent, data, version, create_revision, mod_revision)"
          + " VALUES ('" + PATH + "', '/', '', 0, 1, 1) ON CONFLICT (path) DO NOTHING");
      version = single(st, "SELECT version FROM " + s + ".nodes WHERE path = '" + PATH + "'");
      session = single(st, "SELECT min(id) FROM " + s + ".sessions");
    }
    // Nodes.trySet, word for word but for the channel (type 1 = UPDATED)
    set = c.prepareStatement("WITH r AS (UPDATE " + s + ".revision SET revision = revision + 1 RETURNING revision),"
        + " u AS (UPDATE " + s + ".nodes SET data = ?, version = version + 1,"
        + " mod_revision = (SELECT revision FROM r) WHERE path = ? AND (? OR version = ?)"
        + " RETURNING version, create_revision, mod_revision, ephemeral_owner),"
        + " e AS (INSERT INTO " + s + ".events (revision, type, path) SELECT mod_revision, 1, ? FROM u)"
        + " SELECT version, create_revision, mod_revision, coalesce(ephemeral_owner, 0),"
        + " pg_notify('" + CHANNEL + "', 'n') FROM u");
    claim = c.prepareStatement("SELECT token, ahead FROM " + s + ".claim(?, ?, ?, ?, ?)");
    release = c.prepareStatement("WITH d AS (DELETE FROM " + s + ".lock_claims WHERE claim_id = ? AND name = ?"
        + " RETURNING name) SELECT pg_notify('" + CHANNEL + "', 'l' || name) FROM d");
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

  /** A lock cycle on {@code name}: our claim call, which says the claim is first, then our release (2 round trips). */
  void lockCycle(String name) throws SQLException {
    UUID id = UUID.randomUUID();
    claim.setString(1, name);
    claim.setLong(2, session);
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

  private static long single(Statement st, String query) throws SQLException {
    try (ResultSet rs = st.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() throws SQLException {
    set.close();
    claim.close();
    release.close();
  }
}
