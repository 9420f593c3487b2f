package io.metastate.etcd;

import static io.metastate.etcd.Keyspace.string;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.metastate.error.ConnectionLossException;
import io.metastate.error.CoordinationException;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One acquisition in progress, the v3lock waiter protocol: claim, wait for each predecessor's deletion, grant.
 *
 * <p>What this process leaves in etcd is always tracked. A claim request whose reply is lost may or may not have
 * created the claim: the claim's key carries our lease id, so a read tells, and the claim is adopted (the acquisition
 * goes on) or, once the acquisition is over, deleted by the {@link ClaimReleaser}. A claim that vanishes while we wait
 * (deleted by an operator, a force-release) ends this acquisition only, never the session.
 */
final class LockWaiter {
  private static final long RETRY_MS = 250;
  private static final long CLAIM_WATCH_DELAY_MS = 50; // a lease held this long gets a watch on its claim

  final String name;
  /** The outcome as the protocol settles it, on whichever thread learns it: often jetcd's event loop. */
  private final CompletableFuture<LockLease> settled = new CompletableFuture<>();
  /** The caller's future: follows {@link #settled} off jetcd's event loop ({@link Callbacks}); a cancel withdraws. */
  final CompletableFuture<LockLease> result = new CompletableFuture<>() {
    @Override
    public boolean cancel(boolean mayInterrupt) {
      if (!settled.cancel(mayInterrupt)) {
        // Granted or failed first: the caller gets that outcome, here and now rather than when the callback pool
        // passes it on, so that a cancel that returned false leaves the future done (the pool's copy is then a no-op).
        settled.whenComplete((lease, e) -> LockWaiter.pass(lease, e, this));
        return false;
      }
      super.cancel(mayInterrupt);
      leave();
      return true;
    }
  };
  private final EtcdLocks locks;
  private final EtcdCoordinationClient client;
  private final Map<String, Object> mine;
  private final boolean tryOnly;
  private final String key;
  private final String prefix;
  private long myRevision; // create revision of our claim, once known
  private boolean unknown; // a claim request's outcome is not known yet (its reply was lost)
  private CompletableFuture<Void> claiming; // the claim request and its handling, until done
  private Watch.Watcher watcher;

  LockWaiter(EtcdLocks locks, Map<String, Object> mine, String name, boolean tryOnly) {
    this.locks = locks;
    this.client = locks.client();
    this.mine = mine;
    this.name = name;
    this.tryOnly = tryOnly;
    this.key = client.keys().lockKey(name, client.leaseId());
    this.prefix = client.keys().lockPrefix(name);
    settled.whenComplete((lease, e) -> client.callbacks().execute(() -> pass(lease, e, result)));
  }

  private static void pass(LockLease lease, Throwable e, CompletableFuture<LockLease> to) { // no-op once done
    if (e == null) {
      to.complete(lease);
    } else {
      to.completeExceptionally(e);
    }
  }

  /**
   * First claim: only if the lock has no claim at all (a range compare), so that a busy answer leaves nothing behind
   * that others could take for a holder; if busy, join the queue (tryAcquire: only if longer names alone share the
   * prefix). Completes once the claim is settled in etcd (or the acquisition ended).
   */
  synchronized CompletableFuture<Void> claimIfFree() {
    claiming = LockClaims.claimIfFree(client, name).handle((r, e) -> {
      if (e != null) {
        return claimFailed(e);
      } else if (r.isSucceeded()) {
        synchronized (this) {
          myRevision = r.getHeader().getRevision();
          if (settled.isDone()) {
            leave(); // cancelled while the request was in flight
          } else {
            grant(r.getHeader().getRevision());
          }
        }
      } else if (!tryOnly || LockClaims.direct(prefix, r.getGetResponses().get(0).getKvs()).isEmpty()) {
        return claim();
      } else {
        mine.remove(name, this);
        settled.complete(null);
      }
      return CompletableFuture.<Void>completedFuture(null);
    }).thenCompose(f -> f);
    return claiming;
  }

  /** Claims (if our key is absent) and reads the queue in one Txn, then decides. */
  private CompletableFuture<Void> claim() {
    return LockClaims.claim(client, name).handle((r, e) -> {
      if (e != null) {
        return claimFailed(e);
      }
      List<GetResponse> gets = r.getGetResponses();
      evaluate(new LockClaims.Queue(LockClaims.direct(prefix, gets.get(gets.size() - 1).getKvs()),
          r.getHeader().getRevision()));
      return CompletableFuture.<Void>completedFuture(null);
    }).thenCompose(f -> f);
  }

  /** A claim request failed. If etcd may have applied it, read our key to learn what it did. */
  private CompletableFuture<Void> claimFailed(Throwable e) {
    CoordinationException ex = Errors.map(e, "claiming lock '" + name + "'", Errors.Kind.WRITE);
    if (!(ex instanceof ConnectionLossException) || client.unusable() != null) {
      fail(ex);
      return CompletableFuture.completedFuture(null);
    }
    synchronized (this) {
      unknown = true;
    }
    if (tryOnly) {
      fail(ex); // one try: the caller learns the outcome is unknown, and leave() finds and deletes the claim
      return CompletableFuture.completedFuture(null);
    }
    return resolve(ex);
  }

  /** Reads the queue until etcd answers: adopts our claim if the lost request created it, claims again if not. */
  private CompletableFuture<Void> resolve(CoordinationException cause) {
    return LockClaims.read(client, name).handle((q, e) -> {
      if (e != null) {
        if (client.unusable() != null || settled.isDone()) {
          fail(e); // the session ended (the claim with it), or the acquisition is over and leave() took over
          return CompletableFuture.<Void>completedFuture(null);
        }
        CompletableFuture<Void> again = new CompletableFuture<>();
        client.timer().schedule(() -> resolve(cause).whenComplete((v, x) -> again.complete(null)), RETRY_MS,
            TimeUnit.MILLISECONDS);
        return again;
      }
      KeyValue own = q.find(key);
      synchronized (this) {
        unknown = false;
        if (own != null) {
          myRevision = own.getCreateRevision();
        }
      }
      if (own != null) {
        evaluate(q); // adopt it (or, if the acquisition is over, delete it)
      } else if (settled.isDone()) {
        fail(cause);
      } else {
        return claim();
      }
      return CompletableFuture.<Void>completedFuture(null);
    }).thenCompose(f -> f);
  }

  /** Decides on a fresh read: granted, wait for the predecessor, or our claim is gone. */
  private void evaluate(LockClaims.Queue q) {
    KeyValue predecessor = null;
    KeyValue own = null;
    for (KeyValue kv : q.claims()) {
      if (string(kv.getKey()).equals(key)) {
        own = kv;
        break;
      }
      predecessor = kv;
    }
    synchronized (this) {
      if (own == null) {
        // Never grant on a vanished claim (etcd #11456); and end only this acquisition, not the session.
        fail(new CoordinationException("lock '" + name + "': this session's claim " + key + " was deleted while it"
            + " waited (by an administrator or a force-release, or its lease ended); acquire again", true));
        return;
      }
      myRevision = own.getCreateRevision();
      if (settled.isDone()) {
        leave(); // cancelled while the request was in flight
      } else if (predecessor == null) {
        grant(q.revision());
      } else if (tryOnly) {
        settled.complete(null);
        leave();
      } else {
        watchDeletion(predecessor);
      }
    }
  }

  /**
   * Waits for the predecessor's deletion. The watch starts "now", which etcd registers as a synced watcher (immediate
   * delivery); a deletion between our read and the watch's creation is caught by reading the predecessor again once
   * etcd confirms the watch. Create revisions are compared, not existence: the predecessor's session may have queued
   * again under the same key, which is a new claim behind us.
   */
  private void watchDeletion(KeyValue predecessor) {
    WatchOption opt = WatchOption.builder().withNoPut(true).withCreateNotify(true).build();
    watcher = client.jetcd().getWatchClient().watch(predecessor.getKey(), opt, Watch.listener(resp -> {
      if (resp.isCreatedNotify()) {
        client.call(client.jetcd().getKVClient().get(predecessor.getKey(),
            GetOption.builder().withKeysOnly(true).build()), "lock '" + name + "'", Errors.Kind.READ)
            .whenComplete((r, e) -> {
              if (e != null || r.getKvs().isEmpty()
                  || r.getKvs().get(0).getCreateRevision() != predecessor.getCreateRevision()) {
                recheck();
              }
            });
        return;
      }
      for (WatchEvent ev : resp.getEvents()) {
        if (ev.getEventType() == WatchEvent.EventType.DELETE) {
          recheck();
          return;
        }
      }
    }, err -> recheck(), this::recheck)); // a watch that ends (cancelled, compacted) could hide the deletion
  }

  private void recheck() {
    Watch.Watcher w;
    synchronized (this) {
      if (watcher == null || settled.isDone()) {
        return; // already rechecking (a create-notify read and a delete event may both fire), closed, or finished
      }
      w = watcher;
      watcher = null;
    }
    w.close();
    LockClaims.read(client, name).whenComplete((q, e) -> {
      if (e != null) {
        fail(e);
      } else {
        evaluate(q);
      }
    });
  }

  private void grant(long readRevision) {
    EtcdLockLease lease = new EtcdLockLease(locks, name, myRevision, key);
    if (!mine.replace(name, this, lease)) {
      leave(); // withdrawn meanwhile
      return;
    }
    if (client.session().state() == SessionState.SUSPENDED) {
      lease.moveTo(LeaseState.UNCERTAIN);
    }
    if (!settled.complete(lease)) {
      // Cancelled as it was granted. No lease.release(): it would wait for etcd on this thread, jetcd's event loop,
      // which alone delivers that reply. leave() deletes the claim (tracked: a new acquire of the name waits for it).
      leave();
      lease.withdrawn();
      return;
    }
    // Watch our claim for a force-release, from the grant's revision on, once the lease has been held for a moment:
    // short critical sections never pay for a watch, and a deletion in between is still delivered.
    lease.claimWatch().startLater(readRevision + 1, CLAIM_WATCH_DELAY_MS);
  }

  void fail(Throwable e) {
    CoordinationException ex = e instanceof CoordinationException ce ? ce
        : Errors.map(e, "acquiring lock '" + name + "'", Errors.Kind.WRITE);
    settled.completeExceptionally(ex);
    leave();
  }

  /**
   * The acquisition is over without a lease: stop waiting and take our claim out of etcd, reliably. The delete is
   * tracked before the waiter is forgotten, so a new acquire of the name by this session waits for it.
   */
  private synchronized void leave() {
    if (watcher != null) {
      Watch.Watcher w = watcher;
      watcher = null; // first: closing reports completion, which must not look like a broken watch
      w.close();
    }
    if (client.unusable() == null) {
      if (myRevision != 0) {
        locks.releaser().delete(name, key, myRevision);
      } else if (unknown) {
        locks.releaser().deleteUnknown(name, key);
      } else if (claiming != null && !claiming.isDone()) {
        locks.releaser().track(name, claiming); // a claim in flight: its handling comes back here when answered
      }
    }
    mine.remove(name, this);
  }
}
