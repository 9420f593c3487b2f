package io.metastate.postgresql;

import io.metastate.provider.EventDispatcher;
import io.metastate.provider.support.AbstractWatch;
import io.metastate.state.NodePath;
import io.metastate.state.Watch;
import io.metastate.state.WatchEvent;
import io.metastate.state.WatchListener;
import io.metastate.state.WatchScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Persistent watches read from the event log. A notification (or a reconnection of the LISTEN connection) makes
 * one reader catch up from the last revision it read; each watch gets the covered events after the revision current
 * when it was registered. When the log was compacted past where the reader stands, every watch behind it is told
 * RESYNC at the compaction point, and reading goes on from there: never a silent gap.
 */
final class PgWatches {
  private static final int PAGE = 1000;

  private final Database db;
  private final SqlNames sql;
  private final EventDispatcher events;
  private final Executor reader;
  private final Consumer<Runnable> retryLater;
  private final Set<NodeWatch> open = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean readPending = new AtomicBoolean();
  private long cursor; // read and written by the reader task only, and by register() under the lock

  PgWatches(Database db, SqlNames sql, EventDispatcher events, Executor reader, Consumer<Runnable> retryLater) {
    this.db = db;
    this.sql = sql;
    this.events = events;
    this.reader = reader;
    this.retryLater = retryLater;
  }

  Watch register(NodePath path, WatchScope scope, WatchListener listener) {
    long now = db.read("watch " + path, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT revision FROM " + sql.revision());
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
    NodeWatch w = new NodeWatch(path, scope, listener, now);
    synchronized (this) {
      if (open.isEmpty() && cursor < now) {
        cursor = now; // nobody needs the events before now
      }
      open.add(w);
    }
    poke(); // changes may have been committed between reading the revision and registering
    return w;
  }

  /** The log has (or may have) new events: read them once, soon; coalesces with a read already queued. */
  void poke() {
    if (open.isEmpty() || !readPending.compareAndSet(false, true)) {
      return;
    }
    reader.execute(() -> {
      readPending.set(false);
      try {
        catchUp();
      } catch (RuntimeException e) {
        // Unreachable for now: try again shortly (the LISTEN reconnection also pokes when the database is back).
        retryLater.accept(this::poke);
      }
    });
  }

  void closeAll() {
    open.forEach(NodeWatch::close);
  }

  private synchronized void catchUp() {
    while (!open.isEmpty()) {
      long from = cursor;
      List<Object[]> page = new ArrayList<>();
      long compacted = db.read("reading watch events", c -> readPage(c, from, page));
      if (compacted > from) {
        for (NodeWatch w : open) {
          w.resyncFrom(compacted);
        }
        cursor = compacted;
        continue;
      }
      for (Object[] e : page) {
        WatchEvent.Type type = WatchEvent.Type.values()[(Short) e[1]];
        WatchEvent event = new WatchEvent(type, (String) e[2], (Long) e[0]);
        NodePath changed = NodePath.of(event.path());
        for (NodeWatch w : open) {
          w.offer(event, changed);
        }
        cursor = event.revision();
      }
      if (page.size() < PAGE) {
        return;
      }
    }
  }

  private long readPage(Connection c, long from, List<Object[]> page) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT revision, type, path FROM " + sql.events()
        + " WHERE revision > ? ORDER BY revision LIMIT " + PAGE)) {
      ps.setLong(1, from);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          page.add(new Object[] {rs.getLong(1), rs.getShort(2), rs.getString(3)});
        }
      }
    }
    // Read after the events: a compaction that removed some of what we asked for shows here.
    try (PreparedStatement ps = c.prepareStatement("SELECT compacted FROM " + sql.revision());
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** One registered watch: where it started, and the last revision it was given. */
  private final class NodeWatch extends AbstractWatch {
    private long delivered;

    NodeWatch(NodePath path, WatchScope scope, WatchListener listener, long from) {
      super(path, scope, listener, events);
      this.delivered = from;
    }

    void offer(WatchEvent e, NodePath changed) {
      if (e.revision() > delivered && covers(changed)) {
        delivered = e.revision();
        deliver(e);
      }
    }

    void resyncFrom(long compacted) {
      if (compacted > delivered) {
        delivered = compacted;
        resync(compacted);
      }
    }

    @Override
    protected void onClose() {
      open.remove(this);
    }
  }
}
