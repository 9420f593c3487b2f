package io.metastate.postgresql;

import io.metastate.config.MetaStateConfig;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * What an operator does straight in the database, for fault hooks and checks: end a session now, compact the event
 * log, run SQL. Uses the provider's own connection handling, without a session.
 */
final class PostgresAdmin implements AutoCloseable {
  private final PostgresSettings settings;
  private final SqlNames sql;
  private Database db;

  PostgresAdmin(MetaStateConfig config) {
    this.settings = PostgresSettings.from(config);
    this.sql = settings.names();
  }

  private synchronized Database db() {
    if (db == null) {
      db = Database.open(settings);
      Schema.ensure(db, settings.schema());
    }
    return db;
  }

  /** Moves session {@code id}'s expiry into the past on the database clock, then sweeps, as a heartbeat would. */
  void expire(long id) {
    db().write("expire session " + id, c -> {
      Changes changes = Changes.begin(c, sql);
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + sql.sessions()
          + " SET expires_at = clock_timestamp() - interval '1 second' WHERE id = ?")) {
        ps.setLong(1, id);
        ps.executeUpdate();
      }
      new SessionRows(sql, new Nodes(sql)).sweep(c, changes);
      changes.finish();
      return null;
    });
  }

  /** Forgets the event log up to the current revision. */
  void compact() {
    db().write("compact", c -> {
      new EventLog(sql).compact(c, 0);
      return null;
    });
  }

  /** Runs one SQL statement (tests that inspect or damage the tables). */
  void execute(String statement) {
    db().write("admin SQL", c -> {
      try (Statement st = c.createStatement()) {
        st.execute(statement.replace("${schema}", settings.schema()));
      }
      return null;
    });
  }

  @Override
  public synchronized void close() {
    if (db != null) {
      db.close();
    }
  }
}
