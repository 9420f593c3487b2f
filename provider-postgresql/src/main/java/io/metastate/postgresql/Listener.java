package io.metastate.postgresql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The client's one LISTEN connection (outside the pool: LISTEN belongs to a database session) and the thread that
 * waits on it. Every notification payload goes to {@code onPayload}; after every (re)connection {@code onConnected}
 * runs, because notifications sent while we were not listening are gone: whoever relies on them re-reads state then.
 */
final class Listener implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Listener.class.getName());
  private static final int WAIT_MILLIS = 500;
  private static final long MAX_BACKOFF_MILLIS = 500;

  private final Database db;
  private final String channel;
  private final Consumer<String> onPayload;
  private final Runnable onConnected;
  private final Thread thread;
  private volatile boolean closed;
  private volatile Connection connection;

  Listener(Database db, String channel, Consumer<String> onPayload, Runnable onConnected, ThreadFactory threads) {
    this.db = db;
    this.channel = channel;
    this.onPayload = onPayload;
    this.onConnected = onConnected;
    this.thread = threads.newThread(this::run);
  }

  /** Connects once (so that the client listens before it is handed out), then keeps listening on a thread. */
  void start() throws SQLException {
    connection = connect();
    thread.start();
  }

  private Connection connect() throws SQLException {
    Connection c = db.dedicatedConnection();
    try (Statement st = c.createStatement()) {
      st.execute("LISTEN \"" + channel + "\"");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private void run() {
    long backoff = 20;
    while (!closed) {
      try {
        if (connection == null) {
          connection = connect();
          backoff = 20;
          onConnected.run();
        }
        PGNotification[] got = connection.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
        if (got != null) {
          for (PGNotification n : got) {
            onPayload.accept(n.getParameter());
          }
        }
      } catch (SQLException e) {
        dropConnection();
        if (closed) {
          return;
        }
        LOG.log(Level.FINE, "LISTEN connection lost; reconnecting", e);
        pause(backoff);
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "notification handler failed", e);
      }
    }
  }

  private void dropConnection() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // it is broken already
      }
    }
  }

  /** Waits before reconnecting to a database that just refused us, without a tight loop. */
  private synchronized void pause(long millis) {
    try {
      wait(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (this) {
      notifyAll();
    }
    dropConnection();
    thread.interrupt();
  }
}
