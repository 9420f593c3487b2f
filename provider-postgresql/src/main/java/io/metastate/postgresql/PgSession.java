package io.metastate.postgresql;

import io.metastate.Ticker;
import io.metastate.error.CoordinationException;
import io.metastate.provider.AbstractSession;
import io.metastate.provider.EventDispatcher;
import io.metastate.session.SessionState;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

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
final class PgSession extends AbstractSession {
  private static final Logger LOG = Logger.getLogger(PgSession.class.getName());
  private static final int MAX_IN_FLIGHT = 3;
  /** One heartbeat in this many also trims the event log. */
  private static final int COMPACT_ONE_IN = 64;

  private final Database db;
  private final SessionRows rows;
  private final SqlNames sql;
  private final ScheduledExecutorService timer;
  private final Executor io;
  private final long ttlNanos;
  private final long intervalNanos;
  private final BiConsumer<SessionState, String> onChange;
  private int inFlight;
  private long lastSentNanos;
  private ScheduledFuture<?> ticking;
  private volatile String endReason = "";
  private volatile boolean closing;

  PgSession(long id, String ownerId, Duration ttl, EventDispatcher events, Ticker ticker, long createdSentAt,
      Database db, SessionRows rows, SqlNames sql, ScheduledExecutorService timer, Executor io,
      BiConsumer<SessionState, String> onChange) {
    super(id, ownerId, ttl, events, ticker, createdSentAt);
    this.db = db;
    this.rows = rows;
    this.sql = sql;
    this.timer = timer;
    this.io = io;
    this.ttlNanos = ttl.toNanos();
    this.intervalNanos = ttlNanos / 5;
    this.onChange = onChange;
    this.lastSentNanos = createdSentAt;
  }

  void start() {
    long period = Math.max(20, Math.min(500, ttlNanos / 10 / 1_000_000));
    ticking = timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  /** close() is about to end the row: its disappearance is ours, not an expiry. */
  void beginClose() {
    closing = true;
  }

  /** Why the session ended (for exception messages), or "" while it lives. */
  String endReason() {
    return endReason;
  }

  synchronized void stop() {
    if (ticking != null) {
      ticking.cancel(false);
    }
  }

  /** Declares the session gone: EXPIRED, with a reason for every later exception. */
  void expire(String reason) {
    if (reportedState().isTerminal() || closing) {
      return;
    }
    endReason = reason;
    if (moveTo(SessionState.EXPIRED)) {
      LOG.log(Level.INFO, "PostgreSQL session {0} expired: {1}", new Object[] {id(), reason});
    }
  }

  @Override
  protected void onStateChanged(SessionState from, SessionState to) {
    if (to.isTerminal()) {
      stop();
    }
    onChange.accept(to, endReason);
  }

  /** A request of this session succeeded: it was sent at {@code sentAt}, so the row was alive then. */
  void contact(long sentAt) {
    confirmContact(sentAt);
    reconnected();
  }

  private void tick() {
    try {
      if (reportedState().isTerminal()) {
        return;
      }
      long silent = sinceContact().toNanos();
      if (silent >= ttlNanos) {
        expire("no confirmed contact with PostgreSQL for " + Duration.ofNanos(silent).toMillis() + " ms, as long as"
            + " the session TTL of " + ttl().toMillis() + " ms");
        return;
      }
      if (silent > ttlNanos * 2 / 5) {
        moveTo(SessionState.SUSPENDED);
      }
      heartbeat(ticker().read());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "PostgreSQL session ticker failed", e);
    }
  }

  private void reconnected() {
    if (sinceContact().toNanos() > ttlNanos * 2 / 5 || reportedState() != SessionState.SUSPENDED) {
      return;
    }
    moveTo(SessionState.CONNECTED);
  }

  private void heartbeat(long now) {
    synchronized (this) {
      if (now - lastSentNanos < intervalNanos || inFlight >= MAX_IN_FLIGHT) {
        return;
      }
      lastSentNanos = now;
      inFlight++;
    }
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
        synchronized (this) {
          inFlight--;
        }
      }
    });
  }
}
