package io.metastate.postgresql;

import io.metastate.state.WatchEvent;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The revisions, watch events and notifications of one write transaction. {@link #begin} takes the lock of the one
 * global revision row before anything else is read, so node writes run one at a time and revisions follow commit
 * order: a watcher that has read revision N has seen every change up to N. Each change gets a revision of its own,
 * so one watch sees strictly increasing revisions even within a multi.
 */
final class Changes {
  /** What a NOTIFY payload starts with: node changes (read the event log) or a lock queue that moved. */
  static final char NODES = 'n';
  static final char LOCK = 'l';

  private final Connection c;
  private final SqlNames sql;
  private final long base;
  private long revision;
  private final List<Long> revisions = new ArrayList<>();
  private final List<Short> types = new ArrayList<>();
  private final List<String> paths = new ArrayList<>();
  private final Set<String> payloads = new LinkedHashSet<>();

  private Changes(Connection c, SqlNames sql, long base) {
    this.c = c;
    this.sql = sql;
    this.base = base;
    this.revision = base;
  }

  /** Locks the revision row (serialising node writes) and reads the last revision. */
  static Changes begin(Connection c, SqlNames sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT revision FROM " + sql.revision() + " FOR UPDATE");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new Changes(c, sql, rs.getLong(1));
    }
  }

  /** The revision of the next change to {@code path}, recorded in the event log. */
  long next(WatchEvent.Type type, String path) {
    revision++;
    revisions.add(revision);
    types.add((short) type.ordinal());
    paths.add(path);
    payloads.add(String.valueOf(NODES));
    return revision;
  }

  /** Tells the clients waiting on lock {@code name} that its queue moved. */
  void lockChanged(String name) {
    payloads.add(LOCK + name);
  }

  /** Writes the new revision and the events, and queues the notifications (sent by the database at commit). */
  void finish() throws SQLException {
    if (revision != base) {
      try (PreparedStatement ps = c.prepareStatement("WITH r AS (UPDATE " + sql.revision() + " SET revision = ?)"
          + " INSERT INTO " + sql.events() + " (revision, type, path)"
          + " SELECT * FROM unnest(?::bigint[], ?::smallint[], ?::text[])")) {
        ps.setLong(1, revision);
        ps.setArray(2, c.createArrayOf("bigint", revisions.toArray()));
        ps.setArray(3, c.createArrayOf("smallint", types.toArray()));
        Array p = c.createArrayOf("text", paths.toArray());
        ps.setArray(4, p);
        ps.executeUpdate();
      }
    }
    notify(c, sql, payloads);
  }

  /** Queues NOTIFYs on the schema's channel, one per distinct payload; they go out when the transaction commits. */
  static void notify(Connection c, SqlNames sql, Iterable<String> payloads) throws SQLException {
    List<String> all = new ArrayList<>();
    payloads.forEach(all::add);
    if (all.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, p) FROM unnest(?::text[]) AS p")) {
      ps.setString(1, sql.channel());
      ps.setArray(2, c.createArrayOf("text", all.toArray()));
      ps.executeQuery().close();
    }
  }
}
