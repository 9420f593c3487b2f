package io.metastate.postgresql;

import io.metastate.Ticker;
import io.metastate.error.CoordinationException;
import io.metastate.provider.EventDispatcher;
import io.metastate.provider.support.HeartbeatSession;
import io.metastate.session.SessionState;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;

/**
 * A session row kept alive by heartbeats (one per fifth of the TTL) and judged by the config's ticker. The database
 * renews the row when a heartbeat <em>arrives</em>, on its own clock, so a reply proves the session alive only from
 * when its request was <em>sent</em>: every confirmed contact is stamped with the send time.
 *
 * <ul>
 *   <li>No confirmed contact for 40% of the TTL: SUSPENDED (so that a cut-off client is SUSPENDED for most of its
 *       TTL before it is EXPIRED); heartbeats go on. A confirmed contact after that: CONNECTED.
 *   <li>The database says the row has expired or is gone, or a full TTL passes since the last confirmed contact:
 *       EXPIRED (the database expires the row by then at the latest, as its clock started after our send time).
 * </ul>
 * After each heartbeat the client also sweeps sessions that expired on the database clock, so that a dead client's
 * nodes and locks go even if nobody else is writing.
 */
final class PgSession extends HeartbeatSession {
  /** One heartbeat in this many also trims the event log. */
  private static final int COMPACT_ONE_IN = 64;

  private final Database db;
  private final SessionRows rows;
  private final SqlNames sql;
  private final Executor io;

  PgSession(long id, String ownerId, Duration ttl, EventDispatcher events, Ticker ticker, long createdSentAt,
      Database db, SessionRows rows, SqlNames sql, ScheduledExecutorService timer, Executor io,
      BiConsumer<SessionState, String> onChange) {
    super(id, ownerId, ttl, events, ticker, createdSentAt, "PostgreSQL", 40, timer, onChange);
    this.db = db;
    this.rows = rows;
    this.sql = sql;
    this.io = io;
  }

  /** Session ids are the database's sequence numbers, as the database and every message write them. */
  @Override
  protected String idText() {
    return Long.toString(id());
  }

  @Override
  protected void beat(long now) {
    io.execute(() -> {
      try {
        boolean[] sweep = new boolean[1];
        boolean alive = db.read("session heartbeat", c -> {
          boolean renewed = rows.renew(c, id());
          sweep[0] = renewed && rows.anyExpired(c);
          return renewed;
        });
        if (!alive) {
          expire("PostgreSQL expired session " + id() + " on its clock (no heartbeat arrived within the TTL),"
              + " or an administrator ended it");
          return;
        }
        contact(now);
        // Sweeping (and now and then trimming the event log) is every client's chore, so nothing depends on one.
        boolean trim = java.util.concurrent.ThreadLocalRandom.current().nextInt(COMPACT_ONE_IN) == 0;
        if (sweep[0] || trim) {
          db.write("sweeping expired sessions", c -> {
            Changes changes = Changes.begin(c, sql);
            rows.sweep(c, changes);
            changes.finish();
            if (trim) {
              new EventLog(sql).compact(c, EventLog.RETAINED);
            }
            return null;
          });
        }
      } catch (CoordinationException unreachable) {
        // the ticker suspends, then expires, by the last confirmed contact
      } finally {
        beatSettled();
      }
    });
  }
}
