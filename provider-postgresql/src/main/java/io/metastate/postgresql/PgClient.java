package io.metastate.postgresql;

import io.metastate.CoordinationClient;
import io.metastate.error.CoordinationException;
import io.metastate.error.SessionExpiredException;
import io.metastate.provider.EventDispatcher;
import io.metastate.provider.support.AbstractCoordinationClient;
import io.metastate.provider.support.DaemonThreads;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One pool, one LISTEN connection, one session row, and the lock and meta-state services on top, in the support
 * layer's client shell (which owns usability and the order of closing).
 */
final class PgClient extends AbstractCoordinationClient {
  private static final Logger LOG = Logger.getLogger(PgClient.class.getName());
  /** How long to wait before retrying a read that failed on a transient connection problem. */
  private static final long RETRY_MILLIS = 200;

  /** A unit of work inside a node-writing transaction. */
  @FunctionalInterface
  interface WriteWork<T> {
    T run(Connection c, Changes changes) throws SQLException;
  }

  private final PostgresSettings settings;
  private final Database db;
  private final SqlNames sql;
  private final ScheduledExecutorService timer;
  private final ExecutorService io;
  private final ExecutorService watchReader =
      Executors.newSingleThreadExecutor(DaemonThreads.named("postgresql-watch"));
  private final EventDispatcher events = new EventDispatcher();
  private final Nodes nodes;
  private final SessionRows sessionRows;
  private final PgSession session;
  private final PgWatches watches;
  private final PgLocks locks;
  private final PgMetaState state;
  private final Listener listener;
  private volatile boolean alive;

  private PgClient(PostgresSettings settings, Database db, ScheduledExecutorService timer, ExecutorService io) {
    super(PostgresProvider.NAME, "PostgreSQL client");
    this.settings = settings;
    this.db = db;
    this.sql = settings.names();
    this.timer = timer;
    this.io = io;
    this.nodes = new Nodes(sql);
    this.sessionRows = new SessionRows(sql, nodes);
    long sentAt = settings.ticker().read();
    long id = db.write("opening a session", c -> sessionRows.create(c, settings.ownerId(), settings.sessionTtl()));
    this.session = new PgSession(id, settings.ownerId(), settings.sessionTtl(), events, settings.ticker(), sentAt, db,
        sessionRows, sql, timer, io, (to, why) -> sessionChanged(to));
    this.watches = new PgWatches(db, sql, events, watchReader, this::retryLater);
    ClaimRows claims = new ClaimRows(sql);
    this.locks = new PgLocks(this, db, claims, new PgLockDriver(this, db, claims), tasks());
    this.state = new PgMetaState(this, nodes);
    this.listener = new Listener(db, sql.channel(), this::notified, this::listenerReconnected,
        DaemonThreads.named("postgresql-listen"));
    serve(session, locks, state);
  }

  static CoordinationClient open(PostgresSettings settings) {
    Database db = Database.open(settings);
    ScheduledExecutorService timer = DaemonThreads.timer("postgresql");
    ExecutorService io = DaemonThreads.cachedPool("postgresql-io");
    try {
      Schema.ensure(db, settings.schema());
      PgClient c = new PgClient(settings, db, timer, io);
      try {
        c.listener.start();
      } catch (SQLException e) {
        throw Errors.map(e, "listening for notifications on " + settings.url(), false, false);
      }
      c.session.start();
      return c;
    } catch (RuntimeException e) {
      timer.shutdownNow();
      io.shutdownNow();
      db.close();
      throw e;
    }
  }

  // ---- shared by the services

  ExecutorService io() {
    return io;
  }

  /**
   * Where asynchronous calls and lock steps run: the client's pool, or, once it is shut down, the common pool, so
   * that a call after close still fails as its stage (ClientClosedException) instead of throwing a rejection.
   */
  java.util.concurrent.Executor tasks() {
    return task -> {
      try {
        io.execute(task);
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        java.util.concurrent.ForkJoinPool.commonPool().execute(task);
      }
    };
  }

  /** Runs {@code task} a little later on the timer (after a transient failure); it should only hand work on. */
  void retryLater(Runnable task) {
    try {
      timer.schedule(task, RETRY_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // the client is closed: nothing left to retry for
    }
  }

  PgWatches watches() {
    return watches;
  }

  PgLocks lockCheck() {
    return locks;
  }

  PgSession pgSession() {
    return session;
  }

  long sessionId() {
    return session.id();
  }

  @Override
  public SessionExpiredException expiredException() {
    return new SessionExpiredException("PostgreSQL session " + session.id() + " expired (" + session.endReason()
        + "); its locks and ephemeral nodes are gone: open a new client");
  }

  /** A read, auto-committed. */
  <T> T read(String what, Database.Work<T> work) {
    checkUsable();
    return ended(() -> db.read(what, work));
  }

  /** One auto-committed writing statement (a fast path that does in one round trip what a transaction would). */
  <T> T writeStatement(String what, Database.Work<T> work) {
    checkUsable();
    return ended(() -> db.writeStatement(what, work));
  }

  /** A node-writing transaction: revision lock first, then {@code work}, then the events and notifications. */
  <T> T write(String what, WriteWork<T> work) {
    checkUsable();
    return ended(() -> db.write(what, c -> {
      Changes changes = Changes.begin(c, sql);
      T result = work.run(c, changes);
      changes.finish();
      return result;
    }));
  }

  /** Runs a call; a failure because the session row is gone ends the session here too. */
  <T> T ended(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (SessionExpiredException e) {
      session.expire("PostgreSQL has no row for session " + session.id() + " any more (expired or ended)");
      throw expiredException();
    } catch (CoordinationException e) {
      if (isClosed()) {
        throw closedException();
      }
      throw e;
    }
  }

  private void notified(String payload) {
    if (payload.isEmpty()) {
      return;
    }
    if (payload.charAt(0) == Changes.NODES) {
      watches.poke();
    } else if (payload.charAt(0) == Changes.LOCK) {
      locks.queueMoved(payload.substring(1));
    }
  }

  private void listenerReconnected() {
    watches.poke();
    locks.listenerReconnected();
  }

  @Override
  protected void afterExpiry() {
    // Our clock may say expired before the database does: end the row now so nothing of ours outlives us.
    io.execute(() -> {
      endRow();
      shutdown();
    });
  }

  private void endRow() {
    try {
      db.write("ending session " + session.id(), c -> {
        Changes changes = Changes.begin(c, sql);
        sessionRows.end(c, changes, List.of(session.id()));
        changes.finish();
        return null;
      });
    } catch (CoordinationException e) {
      LOG.log(Level.WARNING, "could not end PostgreSQL session " + session.id()
          + "; its locks and ephemeral nodes end with its TTL", e);
    }
  }

  private void shutdown() {
    listener.close();
    timer.shutdownNow();
    io.shutdown();
    watchReader.shutdown();
    db.close();
  }

  // ---- closing, in the shell's order

  @Override
  protected void beginClose() {
    alive = !session.reportedState().isTerminal();
    session.beginClose();
    session.stop();
  }

  @Override
  protected void stopWatches() {
    watches.closeAll();
  }

  @Override
  protected void endLeases() {
    locks.closed();
  }

  @Override
  protected void endSession() {
    if (alive) {
      endRow(); // its nodes and lock claims go with it, in one transaction
    }
  }

  @Override
  protected void releaseEngine() {
    shutdown();
  }

  @Override
  public String toString() {
    return "PostgresClient[" + settings.url() + ", schema " + settings.schema() + ", " + session + "]";
  }
}
