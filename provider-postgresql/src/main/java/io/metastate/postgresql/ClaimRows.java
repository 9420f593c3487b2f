package io.metastate.postgresql;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LockInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Lock queues as rows: a claim per waiter, the lowest token of a name holds it. Claims of one name are inserted one
 * at a time under a transaction-scoped advisory lock on the name (in the {@code claim} function), so tokens (from a sequence, never reused, even after
 * a crash, once committed) increase in commit order within a queue: a later claim never lands ahead of an earlier
 * one. The advisory lock only orders inserts; the token is the sequence value, the grant is the row.
 */
final class ClaimRows {
  /** First key of the advisory lock that orders the claims of one name (second key: hash of the name). */
  private static final int LOCK_CLASS = 0x6c6f636b; // "lock"

  private final SqlNames sql;

  ClaimRows(SqlNames sql) {
    this.sql = sql;
  }

  /**
   * The function that claims in one round trip: the advisory lock on the name, then (each statement of a PL/pgSQL
   * function takes a fresh snapshot, so it sees every claim committed before the lock was granted) the last claim of
   * the name, then the insert. Returns the new token and the token just ahead (null: first), or no row if
   * {@code only_if_free} and the queue is not empty.
   */
  static String createFunction(String s) {
    return "CREATE FUNCTION " + s + ".claim(p_name text, p_session bigint, p_owner text, p_id uuid,"
        + " p_only_if_free boolean) RETURNS TABLE (token bigint, ahead bigint) LANGUAGE plpgsql AS $$"
        + " DECLARE t bigint; a bigint;"
        + " BEGIN"
        + " PERFORM pg_advisory_xact_lock(" + LOCK_CLASS + ", hashtext(p_name));"
        + " SELECT max(c.token) INTO a FROM " + s + ".lock_claims c WHERE c.name = p_name;"
        + " IF p_only_if_free AND a IS NOT NULL THEN RETURN; END IF;"
        + " INSERT INTO " + s + ".lock_claims AS c (token, name, session_id, owner_id, claim_id)"
        + " VALUES (nextval('" + s + ".fencing_tokens'), p_name, p_session, p_owner, p_id) RETURNING c.token INTO t;"
        + " RETURN QUERY SELECT t, a;"
        + " END $$";
  }

  /**
   * Appends a claim to the queue in one auto-committed call; null if {@code onlyIfFree} and the queue is not empty.
   * The claim knows the token just ahead of it at that moment ({@link Claim#ahead()}).
   */
  Claim insert(Connection c, String name, UUID id, long sessionId, String ownerId, boolean onlyIfFree)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT token, ahead FROM " + sql.schema()
        + ".claim(?, ?, ?, ?, ?)")) {
      ps.setString(1, name);
      ps.setLong(2, sessionId);
      ps.setString(3, ownerId);
      ps.setObject(4, id);
      ps.setBoolean(5, onlyIfFree);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        long token = rs.getLong(1);
        long ahead = rs.getLong(2);
        return new Claim(name, token, id, rs.wasNull() ? 0 : ahead);
      }
    }
  }

  /**
   * The tokens of the claim and of the one just ahead of it: {@code [mine]} if it is first, {@code [mine, ahead]} if
   * it waits, empty if it is gone.
   */
  List<Long> position(Connection c, Claim claim) throws SQLException {
    List<Long> out = new ArrayList<>(2);
    try (PreparedStatement ps = c.prepareStatement("SELECT token FROM " + sql.claims()
        + " WHERE name = ? AND token <= ? ORDER BY token DESC LIMIT 2")) {
      ps.setString(1, claim.name());
      ps.setLong(2, claim.token());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
    }
    return !out.isEmpty() && out.get(0) == claim.token() ? out : List.of();
  }

  /** Whether session {@code id} still has its row (a claim that vanished with it means the session ended). */
  boolean sessionAlive(Connection c, long id) throws SQLException {
    return Queries.flag(c, "SELECT EXISTS (SELECT 1 FROM " + sql.sessions() + " WHERE id = ?)", id);
  }

  boolean exists(Connection c, long token) throws SQLException {
    return Queries.flag(c, "SELECT EXISTS (SELECT 1 FROM " + sql.claims() + " WHERE token = ?)", token);
  }

  /**
   * Deletes the claim with this id and tells the queue, in one auto-committed statement; true if a row went. The name
   * travels as a parameter too, so that a fault proxy can recognise the request by it.
   */
  boolean delete(Connection c, String name, UUID id) throws SQLException {
    return deleteWhere(c, "claim_id = ? AND name = ?", ps -> {
      ps.setObject(1, id);
      ps.setString(2, name);
    });
  }

  /** Deletes the holder (first claim) of {@code name}; true if there was one. */
  boolean deleteHead(Connection c, String name) throws SQLException {
    return deleteWhere(c, "token = (SELECT min(token) FROM " + sql.claims() + " WHERE name = ?)",
        ps -> ps.setString(1, name));
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private boolean deleteWhere(Connection c, String where, Binder binder) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("WITH d AS (DELETE FROM " + sql.claims() + " WHERE " + where
        + " RETURNING name) SELECT pg_notify('" + sql.channel() + "', '" + Changes.LOCK + "' || name) FROM d")) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Whether this claim holds its lock and belongs to {@code sessionId}, share-locking it until commit. */
  boolean holds(Connection c, Claim claim, long sessionId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT session_id = ? AND NOT EXISTS (SELECT 1 FROM "
        + sql.claims() + " a WHERE a.name = c.name AND a.token < c.token) FROM " + sql.claims()
        + " c WHERE claim_id = ? FOR SHARE OF c")) {
      ps.setLong(1, sessionId);
      ps.setObject(2, claim.id());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  /** The holder of {@code name}. */
  Optional<LockInfo> holder(Connection c, String name) throws SQLException {
    List<LockInfo> out = heads(c, "name = ?", name);
    return out.isEmpty() ? Optional.empty() : Optional.of(out.get(0));
  }

  /** The holders of every lock whose name starts with {@code prefix}, sorted by name. */
  List<LockInfo> holders(Connection c, String prefix) throws SQLException {
    List<LockInfo> out = heads(c, "starts_with(name, ?)", prefix);
    out.sort(Comparator.comparing(LockInfo::name));
    return out;
  }

  private List<LockInfo> heads(Connection c, String where, String arg) throws SQLException {
    List<LockInfo> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT ON (name) name, owner_id, session_id, token FROM "
        + sql.claims() + " WHERE " + where + " ORDER BY name, token")) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new LockInfo(rs.getString(1), rs.getString(2), rs.getLong(3), new FencingToken(rs.getLong(4))));
        }
      }
    }
    return out;
  }
}
