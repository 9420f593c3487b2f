package io.metastate.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sessions as rows with an expiry time on the database's clock ({@code clock_timestamp()}), never the client's.
 * Ending a session (expiry, close) deletes its ephemeral nodes and lock claims in the same transaction, with a
 * DELETED event per node and a notification per lock queue that moved.
 */
final class SessionRows {
  private final SqlNames sql;
  private final Nodes nodes;

  SessionRows(SqlNames sql, Nodes nodes) {
    this.sql = sql;
    this.nodes = nodes;
  }

  /** Inserts a new session row; returns its id. */
  long create(Connection c, String ownerId, Duration ttl) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + sql.sessions()
        + " (id, owner_id, ttl_ms, expires_at) VALUES (nextval('" + sql.sessionIds() + "'), ?, ?,"
        + " clock_timestamp() + ? * interval '1 millisecond') RETURNING id")) {
      ps.setString(1, ownerId);
      ps.setLong(2, ttl.toMillis());
      ps.setLong(3, ttl.toMillis());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Pushes the session's expiry a TTL past the database's now; false if it has expired (or was ended) already. */
  boolean renew(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.sessions()
        + " SET expires_at = clock_timestamp() + ttl_ms * interval '1 millisecond'"
        + " WHERE id = ? AND expires_at > clock_timestamp()")) {
      ps.setLong(1, id);
      return ps.executeUpdate() == 1;
    }
  }

  /** Whether any session has outlived its expiry (a cheap read before taking the revision lock to sweep). */
  boolean anyExpired(Connection c) throws SQLException {
    return Queries.flag(c, "SELECT EXISTS (SELECT 1 FROM " + sql.sessions() + " WHERE expires_at <= clock_timestamp())");
  }

  /** Ends every session past its expiry on the database clock; returns how many. */
  int sweep(Connection c, Changes changes) throws SQLException {
    List<Long> dead = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + sql.sessions()
        + " WHERE expires_at <= clock_timestamp() FOR UPDATE SKIP LOCKED"); ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        dead.add(rs.getLong(1));
      }
    }
    end(c, changes, dead);
    return dead.size();
  }

  /** Ends these sessions: their ephemeral nodes, their lock claims and their rows, in this transaction. */
  void end(Connection c, Changes changes, List<Long> ids) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    Object[] idArray = ids.toArray();
    List<String> ephemerals = new ArrayList<>();
    eachName(c, "SELECT path FROM " + sql.nodes() + " WHERE ephemeral_owner = ANY (?) ORDER BY path", idArray,
        ephemerals::add);
    nodes.remove(c, changes, ephemerals);
    eachName(c, "DELETE FROM " + sql.claims() + " WHERE session_id = ANY (?) RETURNING name", idArray,
        changes::lockChanged);
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + sql.sessions() + " WHERE id = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("bigint", idArray));
      ps.executeUpdate();
    }
  }

  /** Runs {@code query} over the session ids and hands each row's first column (a path or a lock name) on. */
  private static void eachName(Connection c, String query, Object[] ids, Consumer<String> each) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(query)) {
      ps.setArray(1, c.createArrayOf("bigint", ids));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          each.accept(rs.getString(1));
        }
      }
    }
  }
}
