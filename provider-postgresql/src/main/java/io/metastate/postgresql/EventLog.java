package io.metastate.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Keeps the event log bounded: the oldest events go once more than {@link #RETAINED} revisions follow them, and the
 * revision row remembers how far the log was cut ({@code compacted}), so a watcher that must resume from before it
 * is told RESYNC instead of missing changes silently.
 */
final class EventLog {
  /** How many revisions of history a reconnecting watcher can catch up on event by event. */
  static final long RETAINED = 10_000;

  private final SqlNames sql;

  EventLog(SqlNames sql) {
    this.sql = sql;
  }

  /** Forgets every event more than {@code keep} revisions old (0: all of them). */
  void compact(Connection c, long keep) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("WITH r AS (UPDATE " + sql.revision()
        + " SET compacted = greatest(compacted, revision - ?) RETURNING compacted)"
        + " DELETE FROM " + sql.events() + " WHERE revision <= (SELECT compacted FROM r)")) {
      ps.setLong(1, keep);
      ps.executeUpdate();
    }
  }
}
