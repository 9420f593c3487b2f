package io.metastate.postgresql;

import io.metastate.error.BadVersionException;
import io.metastate.error.NoChildrenForEphemeralsException;
import io.metastate.error.NoNodeException;
import io.metastate.error.NodeExistsException;
import io.metastate.error.NotEmptyException;
import io.metastate.state.CreateMode;
import io.metastate.state.NodePath;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import io.metastate.state.Stat;
import io.metastate.state.WatchEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The tree as rows: ZooKeeper's rules for create, set, delete and check, applied inside a write transaction that
 * holds the revision lock ({@link Changes}), so each statement sees every write committed before it.
 */
final class Nodes {
  private final SqlNames sql;

  Nodes(SqlNames sql) {
    this.sql = sql;
  }

  Optional<NodeRow> find(Connection c, String path) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + NodeRow.COLUMNS + " FROM " + sql.nodes()
        + " WHERE path = ?")) {
      ps.setString(1, path);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(NodeRow.read(rs)) : Optional.empty();
      }
    }
  }

  /** The names of {@code path}'s children, in String order; throws NoNodeException if it does not exist. */
  List<String> children(Connection c, NodePath path) throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT p.path, (SELECT array_agg(n.path) FROM " + sql.nodes()
        + " n WHERE n.parent = p.path) FROM " + sql.nodes() + " p WHERE p.path = ?")) {
      ps.setString(1, path.value());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new NoNodeException(path.value());
        }
        java.sql.Array a = rs.getArray(2);
        if (a != null) {
          for (String child : (String[]) a.getArray()) {
            names.add(NodePath.of(child).name());
          }
        }
      }
    }
    Collections.sort(names);
    return names;
  }

  OpResult.Created create(Connection c, Changes changes, long sessionId, NodePath path, byte[] data, CreateMode mode)
      throws SQLException {
    NodePath parent = path.parent().orElseThrow(() -> new NodeExistsException("/"));
    String actual = path.value();
    if (mode.isSequential()) {
      // The parent's own counter: greater than every earlier suffix under it, deletes notwithstanding.
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.nodes()
          + " SET last_sequence = last_sequence + 1 WHERE path = ? RETURNING last_sequence - 1, ephemeral_owner")) {
        ps.setString(1, parent.value());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new NoNodeException(parent.value());
          }
          if (rs.getLong(2) != 0) {
            throw new NoChildrenForEphemeralsException(parent.value());
          }
          actual = path.value() + CreateMode.sequenceSuffix(rs.getLong(1));
        }
      }
    } else {
      NodeRow p = find(c, parent.value()).orElseThrow(() -> new NoNodeException(parent.value()));
      if (p.isEphemeral()) {
        throw new NoChildrenForEphemeralsException(parent.value());
      }
    }
    if (find(c, actual).isPresent()) {
      throw new NodeExistsException(actual);
    }
    long rev = changes.next(WatchEvent.Type.CREATED, actual);
    long owner = mode.isEphemeral() ? sessionId : Stat.NO_OWNER;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + sql.nodes()
        + " (path, parent, data, version, create_revision, mod_revision, ephemeral_owner)"
        + " VALUES (?, ?, ?, 0, ?, ?, ?)")) {
      ps.setString(1, actual);
      ps.setString(2, parent.value());
      ps.setBytes(3, data);
      ps.setLong(4, rev);
      ps.setLong(5, rev);
      if (owner == Stat.NO_OWNER) {
        ps.setNull(6, Types.BIGINT);
      } else {
        ps.setLong(6, owner);
      }
      ps.executeUpdate();
    }
    return new OpResult.Created(actual, new Stat(0, rev, rev, owner));
  }

  OpResult.Updated set(Connection c, Changes changes, NodePath path, byte[] data, long expectedVersion)
      throws SQLException {
    if (path.isRoot()) {
      throw new io.metastate.error.InvalidPathException("/", "the root holds no data and cannot be set");
    }
    NodeRow row = existing(c, path, expectedVersion);
    long rev = changes.next(WatchEvent.Type.UPDATED, path.value());
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.nodes()
        + " SET data = ?, version = version + 1, mod_revision = ? WHERE path = ?")) {
      ps.setBytes(1, data);
      ps.setLong(2, rev);
      ps.setString(3, path.value());
      ps.executeUpdate();
    }
    return new OpResult.Updated(path.value(), new Stat(row.version() + 1, row.createRevision(), rev, row.owner()));
  }

  /**
   * A set in one auto-committed statement: the revision row's lock and increment, the update, its event and the
   * notification. Empty if the node is missing or has another version (the caller then runs the full transaction,
   * which says which). Only the revision bump is wasted then.
   */
  Optional<Stat> trySet(Connection c, NodePath path, byte[] data, long expectedVersion) throws SQLException {
    if (path.isRoot()) {
      return Optional.empty();
    }
    try (PreparedStatement ps = c.prepareStatement("WITH r AS (UPDATE " + sql.revision()
        + " SET revision = revision + 1 RETURNING revision),"
        + " u AS (UPDATE " + sql.nodes() + " SET data = ?, version = version + 1,"
        + " mod_revision = (SELECT revision FROM r) WHERE path = ? AND (? OR version = ?)"
        + " RETURNING version, create_revision, mod_revision, ephemeral_owner),"
        + " e AS (INSERT INTO " + sql.events() + " (revision, type, path) SELECT mod_revision, "
        + WatchEvent.Type.UPDATED.ordinal() + ", ? FROM u)"
        + " SELECT version, create_revision, mod_revision, coalesce(ephemeral_owner, 0),"
        + " pg_notify('" + sql.channel() + "', '" + Changes.NODES + "') FROM u")) {
      ps.setBytes(1, data);
      ps.setString(2, path.value());
      ps.setBoolean(3, expectedVersion == Op.ANY_VERSION);
      ps.setLong(4, expectedVersion);
      ps.setString(5, path.value());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Stat(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
      }
    }
  }

  OpResult.Deleted delete(Connection c, Changes changes, NodePath path, long expectedVersion) throws SQLException {
    if (path.isRoot()) {
      throw new io.metastate.error.InvalidPathException("/", "the root cannot be deleted");
    }
    existing(c, path, expectedVersion);
    if (Queries.flag(c, "SELECT EXISTS (SELECT 1 FROM " + sql.nodes() + " WHERE parent = ?)", path.value())) {
      throw new NotEmptyException(path.value());
    }
    remove(c, changes, List.of(path.value()));
    return new OpResult.Deleted(path.value());
  }

  OpResult.Checked check(Connection c, NodePath path, long expectedVersion) throws SQLException {
    existing(c, path, expectedVersion);
    return new OpResult.Checked(path.value());
  }

  /** Deletes {@code path} and its descendants, deepest first, one event each. */
  void deleteSubtree(Connection c, Changes changes, NodePath path) throws SQLException {
    List<String> doomed = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT path FROM " + sql.nodes()
        + " WHERE path = ? OR starts_with(path, ?)")) {
      ps.setString(1, path.value());
      ps.setString(2, path.value() + "/");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          doomed.add(rs.getString(1));
        }
      }
    }
    if (doomed.isEmpty()) {
      throw new NoNodeException(path.value());
    }
    doomed.sort((a, b) -> Long.compare(depth(b), depth(a)) != 0 ? Long.compare(depth(b), depth(a)) : a.compareTo(b));
    remove(c, changes, doomed);
  }

  /** Deletes these rows, one DELETED event each, in the order given. */
  void remove(Connection c, Changes changes, List<String> paths) throws SQLException {
    if (paths.isEmpty()) {
      return;
    }
    for (String p : paths) {
      changes.next(WatchEvent.Type.DELETED, p);
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + sql.nodes() + " WHERE path = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("text", paths.toArray()));
      ps.executeUpdate();
    }
  }

  private static long depth(String path) {
    return path.chars().filter(ch -> ch == '/').count();
  }

  private NodeRow existing(Connection c, NodePath path, long expectedVersion) throws SQLException {
    NodeRow row = find(c, path.value()).orElseThrow(() -> new NoNodeException(path.value()));
    if (expectedVersion != Op.ANY_VERSION && row.version() != expectedVersion) {
      throw new BadVersionException(path.value(), expectedVersion);
    }
    return row;
  }
}
