package io.metastate.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Raw JDBC sending the statements the provider sends for one operation (as PostgreSQL's statement log shows them),
 * on tables of the same shape in a schema of its own: a reference that splits our gap to the one-statement baselines
 * into what those round trips cost on the server and what our client adds on top. A CAS set: lock the revision row,
 * read the node, update it, bump the revision and log the event, queue a NOTIFY, commit (6 round trips). A lock
 * cycle: a transaction inserting a claim under an advisory lock on the name, a read of the queue's head, and a
 * delete that notifies (5 round trips).
 */
final class PostgresStatementBaseline implements AutoCloseable {
  private static final String SCHEMA = "metastate_bench_stmts";

  private final Connection c;
  private final PreparedStatement lockRevision;
  private final PreparedStatement readNode;
  private final PreparedStatement updateNode;
  private final PreparedStatement logEvent;
  private final PreparedStatement notify;
  private final PreparedStatement advisory;
  private final PreparedStatement claim;
  private final PreparedStatement head;
  private final PreparedStatement release;

  PostgresStatementBaseline(Connection c) throws SQLException {
    this.c = c;
    try (Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
      s.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".revision (revision bigint NOT NULL)");
      s.execute("INSERT INTO " + SCHEMA + ".revision SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM " + SCHEMA
          + ".revision)");
      s.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".nodes (path text PRIMARY KEY, data bytea NOT NULL,"
          + " version bigint NOT NULL, create_revision bigint NOT NULL, mod_revision bigint NOT NULL)");
      s.execute("INSERT INTO " + SCHEMA + ".nodes VALUES ('/cas', '', 0, 0, 0) ON CONFLICT (path) DO NOTHING");
      s.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".events (revision bigint PRIMARY KEY, type smallint NOT NULL,"
          + " path text NOT NULL)");
      s.execute("CREATE SEQUENCE IF NOT EXISTS " + SCHEMA + ".tokens");
      s.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".claims (token bigint PRIMARY KEY, name text NOT NULL)");
      s.execute("CREATE INDEX IF NOT EXISTS claims_by_name ON " + SCHEMA + ".claims (name, token)");
    }
    lockRevision = c.prepareStatement("SELECT revision FROM " + SCHEMA + ".revision FOR UPDATE");
    readNode = c.prepareStatement("SELECT data, version, create_revision, mod_revision FROM " + SCHEMA
        + ".nodes WHERE path = ?");
    updateNode = c.prepareStatement("UPDATE " + SCHEMA + ".nodes SET data = ?, version = version + 1,"
        + " mod_revision = ? WHERE path = ?");
    logEvent = c.prepareStatement("WITH r AS (UPDATE " + SCHEMA + ".revision SET revision = ?) INSERT INTO "
        + SCHEMA + ".events (revision, type, path) VALUES (?, 1, ?)");
    notify = c.prepareStatement("SELECT pg_notify(?, 'n')");
    advisory = c.prepareStatement("SELECT pg_advisory_xact_lock(7, hashtext(?))");
    claim = c.prepareStatement("INSERT INTO " + SCHEMA + ".claims (token, name) VALUES (nextval('" + SCHEMA
        + ".tokens'), ?) RETURNING token");
    head = c.prepareStatement("SELECT token FROM " + SCHEMA + ".claims WHERE name = ? AND token <= ?"
        + " ORDER BY token DESC LIMIT 2");
    release = c.prepareStatement("WITH d AS (DELETE FROM " + SCHEMA + ".claims WHERE token = ? RETURNING name)"
        + " SELECT pg_notify('" + SCHEMA + "', 'l' || name) FROM d");
  }

  /** A set's statements, the version checked as ours checks it (after reading the node). */
  void set(byte[] data) throws SQLException {
    c.setAutoCommit(false);
    try {
      long revision = single(lockRevision) + 1;
      readNode.setString(1, "/cas");
      try (ResultSet rs = readNode.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("the baseline's node is missing");
        }
      }
      updateNode.setBytes(1, data);
      updateNode.setLong(2, revision);
      updateNode.setString(3, "/cas");
      updateNode.executeUpdate();
      logEvent.setLong(1, revision);
      logEvent.setLong(2, revision);
      logEvent.setString(3, "/cas");
      logEvent.executeUpdate();
      notify.setString(1, SCHEMA);
      notify.executeQuery().close();
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** A lock cycle's statements: claim under the name's advisory lock, find the claim at the head, delete it. */
  void lockCycle(String name) throws SQLException {
    long token;
    c.setAutoCommit(false);
    try {
      advisory.setString(1, name);
      advisory.executeQuery().close();
      claim.setString(1, name);
      token = single(claim);
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
    head.setString(1, name);
    head.setLong(2, token);
    try (ResultSet rs = head.executeQuery()) {
      if (!rs.next() || rs.getLong(1) != token || rs.next()) {
        throw new IllegalStateException("the baseline's claim " + token + " is not alone at the head of " + name);
      }
    }
    release.setLong(1, token);
    release.executeQuery().close();
  }

  private static long single(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() throws SQLException {
    for (PreparedStatement ps : new PreparedStatement[] {lockRevision, readNode, updateNode, logEvent, notify,
        advisory, claim, head, release}) {
      ps.close();
    }
  }
}
