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
 * delete that notifies (5 round trips). And the same work in one statement per round trip (a set in 1, a lock
 * cycle in 2), for how far a provider sending fewer round trips could go.
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
  private final PreparedStatement setAtOnce;
  private final PreparedStatement claimAtOnce;
  private long version;

  PostgresStatementBaseline(Connection c) throws SQLException {
    this.c = c;
    try (Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
      s.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".revision (revision bigint NOT NULL)");
      s.execute("INSERT INTO " + SCHEMA + ".revision SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM " + SCHEMA
          + ".revision)");
      s.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".nodes (path text PRIMARY KEY, data bytea NOT NULL,"
          + " version bigint NOT NULL, create_revision bigint NOT NULL, mod_revision bigint NOT NULL)");
      s.execute("INSERT INTO " + SCHEMA + ".nodes VALUES ('/cas', '', 0, 0, 0), ('/cas-at-once', '', 0, 0, 0)"
          + " ON CONFLICT (path) DO NOTHING");
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
    // The same work in one statement each: what a provider sending one round trip per set or claim could reach.
    setAtOnce = c.prepareStatement("WITH r AS (UPDATE " + SCHEMA + ".revision SET revision = revision + 1"
        + " RETURNING revision), u AS (UPDATE " + SCHEMA + ".nodes SET data = ?, version = version + 1,"
        + " mod_revision = (SELECT revision FROM r) WHERE path = '/cas-at-once' AND version = ?"
        + " RETURNING version, mod_revision), e AS (INSERT INTO " + SCHEMA + ".events (revision, type, path)"
        + " SELECT mod_revision, 1, '/cas-at-once' FROM u) SELECT version, pg_notify('" + SCHEMA + "', 'n') FROM u");
    claimAtOnce = c.prepareStatement("INSERT INTO " + SCHEMA + ".claims (token, name) SELECT nextval('" + SCHEMA
        + ".tokens'), ? FROM (SELECT pg_advisory_xact_lock(7, hashtext(?))) l RETURNING token,"
        + " NOT EXISTS (SELECT 1 FROM " + SCHEMA + ".claims e WHERE e.name = ? AND e.token < token)");
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM " + SCHEMA + ".nodes WHERE path = '/cas-at-once'")) {
      rs.next();
      version = rs.getLong(1);
    }
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

  /** A CAS set as one auto-committed statement (1 round trip). */
  void setAtOnce(byte[] data) throws SQLException {
    setAtOnce.setBytes(1, data);
    setAtOnce.setLong(2, version);
    try (ResultSet rs = setAtOnce.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("the one-statement set lost its version " + version);
      }
      version = rs.getLong(1);
    }
  }

  /** A lock cycle as a claim that also says whether it heads its queue, then the release (2 round trips). */
  void lockCycleAtOnce(String name) throws SQLException {
    long token;
    claimAtOnce.setString(1, name);
    claimAtOnce.setString(2, name);
    claimAtOnce.setString(3, name);
    try (ResultSet rs = claimAtOnce.executeQuery()) {
      rs.next();
      token = rs.getLong(1);
      if (!rs.getBoolean(2)) {
        throw new IllegalStateException("the baseline's claim " + token + " is not at the head of " + name);
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
        advisory, claim, head, release, setAtOnce, claimAtOnce}) {
      ps.close();
    }
  }
}
