package io.metastate.etcd;

import static io.metastate.etcd.Keyspace.bytes;
import static io.metastate.etcd.Keyspace.string;

import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import io.metastate.provider.support.AbstractWatch;
import io.metastate.state.NodePath;
import io.metastate.state.WatchEvent;
import io.metastate.state.WatchListener;
import io.metastate.state.WatchScope;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Persistent watches on etcd watch streams. NODE watches one key, CHILDREN one range ({@code ~s/<depth+1><path>/}),
 * SUBTREE the range of every depth from the node's down, filtered to the subtree. jetcd resumes a broken stream
 * from the revision after the last one it delivered; when etcd has compacted that history away, the watch tells the
 * listener RESYNC (with the compaction revision) and continues from there — never a silent gap.
 */
final class EtcdWatches {
  private final EtcdCoordinationClient client;
  private final Set<NodeWatch> open = ConcurrentHashMap.newKeySet();

  EtcdWatches(EtcdCoordinationClient client) {
    this.client = client;
  }

  io.metastate.state.Watch open(NodePath path, WatchScope scope, WatchListener listener) {
    // Start right after the current revision, so every change committed after this call is delivered.
    long now = EtcdCoordinationClient.await(client.call(client.jetcd().getKVClient().get(bytes(client.keys()
        .nodeKey(path)), GetOption.builder().withCountOnly(true).build()), "watch " + path, Errors.Kind.READ))
        .getHeader().getRevision();
    NodeWatch w = new NodeWatch(path, scope, listener);
    open.add(w);
    w.start(now + 1);
    return w;
  }

  void closeAll() {
    for (NodeWatch w : open) {
      w.close();
    }
  }

  /** One watch on its own etcd watch stream, resumed after a break. */
  private final class NodeWatch extends AbstractWatch {
    private long lastDelivered; // guarded by this
    private Watch.Watcher watcher; // guarded by this

    NodeWatch(NodePath path, WatchScope scope, WatchListener listener) {
      super(path, scope, listener, client.events());
    }

    synchronized void start(long fromRevision) {
      if (isClosed()) {
        return;
      }
      lastDelivered = Math.max(lastDelivered, fromRevision - 1);
      Keyspace ks = client.keys();
      String key;
      WatchOption.Builder opt = WatchOption.builder().withRevision(fromRevision);
      switch (scope()) {
        case NODE -> key = ks.nodeKey(nodePath());
        case CHILDREN -> {
          key = ks.childrenPrefix(nodePath());
          opt.isPrefix(true);
        }
        default -> {
          key = ks.depthStart(nodePath().depth());
          opt.withRange(bytes(ks.nodesEnd()));
        }
      }
      watcher = client.jetcd().getWatchClient().watch(bytes(key), opt.build(),
          Watch.listener(this::onResponse, this::onError));
    }

    private void onResponse(WatchResponse r) {
      for (io.etcd.jetcd.watch.WatchEvent ev : r.getEvents()) {
        long rev = ev.getKeyValue().getModRevision();
        NodePath changed = client.keys().pathOf(string(ev.getKeyValue().getKey()));
        if (!covers(changed)) {
          continue;
        }
        WatchEvent.Type type = switch (ev.getEventType()) {
          case DELETE -> WatchEvent.Type.DELETED;
          case PUT -> ev.getKeyValue().getVersion() == 1 ? WatchEvent.Type.CREATED : WatchEvent.Type.UPDATED;
          default -> null;
        };
        if (type != null) {
          deliverInOrder(new WatchEvent(type, changed.value(), rev));
        }
      }
    }

    private void onError(Throwable t) {
      long from;
      synchronized (this) {
        if (isClosed()) {
          return;
        }
        if (watcher != null) {
          watcher.close();
        }
        from = lastDelivered + 1;
      }
      Throwable cause = Errors.unwrap(t);
      if (cause instanceof CompactedException ce) {
        // The history we would resume from is gone: say so, then continue from the oldest revision kept.
        resync(ce.getCompactedRevision());
        from = ce.getCompactedRevision();
      }
      if (client.unusable() == null) {
        final long resumeAt = Math.max(1, from);
        client.timer().execute(() -> start(resumeAt));
      }
    }

    /** Delivers a change unless an earlier one already went out; a resumed stream may repeat the last ones. */
    private void deliverInOrder(WatchEvent e) {
      synchronized (this) {
        if (isClosed() || e.revision() < lastDelivered) {
          return;
        }
        lastDelivered = e.revision();
      }
      deliver(e);
    }

    @Override
    protected void onClose() {
      synchronized (this) {
        if (watcher != null) {
          watcher.close();
        }
      }
      open.remove(this);
    }
  }
}
