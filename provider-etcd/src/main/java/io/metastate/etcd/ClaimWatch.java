package io.metastate.etcd;

import static io.metastate.etcd.Keyspace.bytes;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.metastate.lock.LeaseState;
import io.metastate.session.SessionState;
import java.util.concurrent.TimeUnit;

/**
 * Watches a held lease's claim for its deletion (a force-release): the lease then turns LOST. A watch can end without
 * an event: etcd cancels it when it would resume from a compacted revision (after a reconnect), and a stream can
 * break. Whenever it ends, the claim is read again: gone (or replaced) means LOST, still there means a new watch from
 * the read's revision, so that no deletion falls between the two. One per lease; a watch that was replaced or closed
 * on purpose (jetcd reports that as completion too) is recognised by its generation and ignored.
 */
final class ClaimWatch {
  private static final long RETRY_MS = 250;

  private final EtcdCoordinationClient client;
  private final EtcdLockLease lease;
  private Watch.Watcher watcher;
  private long generation;

  ClaimWatch(EtcdCoordinationClient client, EtcdLockLease lease) {
    this.client = client;
    this.lease = lease;
  }

  /** Starts watching after {@code delayMs}, from {@code fromRevision} (the grant's read revision + 1) on. */
  void startLater(long fromRevision, long delayMs) {
    client.timer().schedule(() -> watchFrom(fromRevision), delayMs, TimeUnit.MILLISECONDS);
  }

  /**
   * After a reconnect: reads the claim before the lease reads HELD again. Gone means LOST; present means HELD (if the
   * session is still connected), and a fresh watch replaces one that may have died while we were away.
   */
  void verify() {
    recheck(true);
  }

  /** Stops watching (the lease ended). */
  void close() {
    Watch.Watcher w;
    synchronized (this) {
      generation++;
      w = watcher;
      watcher = null;
    }
    if (w != null) {
      w.close();
    }
  }

  private boolean over() {
    return lease.reportedState().isTerminal() || client.unusable() != null;
  }

  private void watchFrom(long revision) {
    long g;
    Watch.Watcher old;
    synchronized (this) {
      if (over()) {
        return;
      }
      g = ++generation;
      old = watcher;
      watcher = null;
    }
    if (old != null) {
      old.close();
    }
    WatchOption opt = WatchOption.builder().withRevision(revision).withNoPut(true).build();
    Watch.Watcher w = client.jetcd().getWatchClient().watch(bytes(lease.key()), opt, Watch.listener(resp -> {
      for (WatchEvent ev : resp.getEvents()) {
        if (ev.getEventType() == WatchEvent.EventType.DELETE) {
          lease.claimDeleted();
        }
      }
    }, err -> broken(g), () -> broken(g)));
    boolean stale;
    synchronized (this) {
      stale = g != generation || over();
      if (!stale) {
        watcher = w;
      }
    }
    if (stale) {
      w.close(); // replaced or ended while it was being set up
    }
  }

  private void broken(long g) {
    synchronized (this) {
      if (g != generation) {
        return;
      }
    }
    recheck(false);
  }

  private void recheck(boolean resume) {
    if (over()) {
      return;
    }
    client.call(client.jetcd().getKVClient().get(bytes(lease.key()), GetOption.builder().withKeysOnly(true).build()),
        "reading lock claim " + lease.key(), Errors.Kind.READ).whenComplete((r, e) -> {
          if (e != null) {
            // etcd unreachable: the session's clock suspends or expires us meanwhile; look again shortly
            if (!over()) {
              client.timer().schedule(() -> recheck(resume), RETRY_MS, TimeUnit.MILLISECONDS);
            }
            return;
          }
          KeyValue kv = r.getKvs().isEmpty() ? null : r.getKvs().get(0);
          if (kv == null || kv.getCreateRevision() != lease.token().value()) {
            lease.claimDeleted();
            return;
          }
          if (resume && client.session().state() == SessionState.CONNECTED) {
            lease.moveTo(LeaseState.HELD);
          }
          watchFrom(r.getHeader().getRevision() + 1);
        });
  }
}
