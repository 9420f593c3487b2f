package io.metastate.zookeeper;

import io.metastate.error.CoordinationException;
import io.metastate.provider.support.AbstractWatch;
import io.metastate.state.NodePath;
import io.metastate.state.Watch;
import io.metastate.state.WatchEvent;
import io.metastate.state.WatchListener;
import io.metastate.state.WatchScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;

/**
 * Watches as ZooKeeper persistent watches (3.6+): {@code PERSISTENT} for a node, {@code PERSISTENT_RECURSIVE} for
 * children and subtrees, one server registration per (path, mode) shared by every {@link Watch} on it. Revisions
 * are the zxids ZooKeeper 3.9 puts in each event. ZooKeeper re-registers persistent watches after a reconnect but
 * does not replay what changed meanwhile, so every watch gets a RESYNC when the session is CONNECTED again.
 */
final class ZkWatches {
  private final ZkClient client;
  private final ZkState state;
  private final Map<Key, Registration> registrations = new HashMap<>();

  ZkWatches(ZkClient client, ZkState state) {
    this.client = client;
    this.state = state;
  }

  private record Key(String znode, AddWatchMode mode) {}

  Watch add(String path, WatchScope scope, WatchListener listener) {
    Key key = new Key(state.znode(path), scope == WatchScope.NODE ? AddWatchMode.PERSISTENT
        : AddWatchMode.PERSISTENT_RECURSIVE);
    ZkWatch watch = new ZkWatch(NodePath.of(path), scope, listener);
    synchronized (registrations) {
      Registration reg = registrations.get(key);
      if (reg == null) {
        reg = new Registration(key);
        try {
          org.apache.zookeeper.ZooKeeper zk = client.zk();
          Registration r = reg;
          client.send(() -> {
            zk.addWatch(key.znode(), r, key.mode());
            return null;
          });
        } catch (KeeperException e) {
          throw client.fail(e, path, -1);
        } catch (InterruptedException e) {
          throw Errors.interrupted(path, e);
        }
        registrations.put(key, reg);
      }
      reg.watches.add(watch);
      watch.registration = reg;
    }
    return watch;
  }

  /** After a reconnect: events may have been missed while disconnected. */
  void resync() {
    List<ZkWatch> all = new ArrayList<>();
    synchronized (registrations) {
      registrations.values().forEach(r -> all.addAll(r.watches));
    }
    long revision = client.highestZxid();
    for (ZkWatch w : all) {
      w.resync(revision);
    }
  }

  void closeAll() {
    List<ZkWatch> all = new ArrayList<>();
    synchronized (registrations) {
      registrations.values().forEach(r -> all.addAll(r.watches));
    }
    all.forEach(ZkWatch::close);
  }

  private void remove(ZkWatch watch) {
    synchronized (registrations) {
      Registration reg = watch.registration;
      if (reg == null || !reg.watches.remove(watch) || !reg.watches.isEmpty()) {
        return;
      }
      registrations.remove(reg.key);
      if (client.isClosed()) {
        return; // closing the session drops its watches
      }
      try {
        Watcher.WatcherType type = reg.key.mode() == AddWatchMode.PERSISTENT ? Watcher.WatcherType.Persistent
            : Watcher.WatcherType.PersistentRecursive;
        // Asynchronous and ordered on the connection before any later addWatch on the same path.
        client.zk().removeWatches(reg.key.znode(), reg, type, false, (rc, p, ctx) -> {}, null);
      } catch (CoordinationException gone) {
        // the session is gone, and its watches with it
      }
    }
  }

  /** One server-side persistent watch, fanned out to the metastate watches on it. */
  private final class Registration implements Watcher {
    final Key key;
    final List<ZkWatch> watches = new CopyOnWriteArrayList<>();

    Registration(Key key) {
      this.key = key;
    }

    @Override
    public void process(WatchedEvent event) {
      WatchEvent.Type type = switch (event.getType()) {
        case NodeCreated -> WatchEvent.Type.CREATED;
        case NodeDataChanged -> WatchEvent.Type.UPDATED;
        case NodeDeleted -> WatchEvent.Type.DELETED;
        default -> null; // connection states are handled by the session; children-changed is not used
      };
      if (type == null || event.getPath() == null || !event.getPath().startsWith(client.settings().stateRoot())) {
        return;
      }
      client.seen(event.getZxid());
      NodePath changed = NodePath.of(state.path(event.getPath()));
      WatchEvent converted = new WatchEvent(type, changed.value(), event.getZxid());
      for (ZkWatch w : watches) {
        if (w.covers(changed)) {
          w.deliver(converted);
        }
      }
    }
  }

  /** One metastate watch on a shared server-side registration. */
  private final class ZkWatch extends AbstractWatch {
    volatile Registration registration;

    ZkWatch(NodePath path, WatchScope scope, WatchListener listener) {
      super(path, scope, listener, client.zkSession().events());
    }

    @Override
    protected void onClose() {
      remove(this);
    }
  }
}
