package io.metastate.etcd;

import static io.metastate.etcd.Keyspace.bytes;
import static io.metastate.etcd.Keyspace.string;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.metastate.error.CoordinationException;
import io.metastate.error.InvalidPathException;
import io.metastate.error.LockAlreadyHeldException;
import io.metastate.lock.DistributedLockService;
import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import io.metastate.lock.LockNames;
import io.metastate.session.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Locks in etcd's v3lock layout (what {@code etcdctl lock} and the v3lock service write): a claim key
 * {@code <name>/<lease-hex>} put with the session lease if absent; the claim with the lowest create revision holds
 * the lock; the others wait, each watching only the deletion of the claim just before its own (FIFO, no herd). The
 * watch starts at the revision after the one read, so etcd registers it as a synced watcher and delivers the
 * deletion at once, instead of from its 100 ms catch-up loop for watchers that start in the past.
 */
final class EtcdLocks implements DistributedLockService {
  /** How long a lease is held before its claim gets a watch (force-release detection). */
  private static final long CLAIM_WATCH_DELAY_MS = 50;

  private final EtcdCoordinationClient client;
  private final Map<String, Object> mine = new ConcurrentHashMap<>();
  /** Releases that could not reach etcd yet, retried in the background (Curator's "guaranteed delete"). */
  private final Map<String, CompletableFuture<Void>> pendingReleases = new ConcurrentHashMap<>();

  EtcdLocks(EtcdCoordinationClient client) {
    this.client = client;
  }

  EtcdCoordinationClient client() {
    return client;
  }

  @Override
  public Session session() {
    return client.session();
  }

  @Override
  public Optional<LockLease> tryAcquire(String name) {
    return Optional.ofNullable(EtcdCoordinationClient.await(start(name, true)));
  }

  @Override
  public Optional<LockLease> acquire(String name, Duration timeout) {
    if (timeout.isZero() || timeout.isNegative()) {
      return tryAcquire(name);
    }
    LockNames.validate(name);
    if (Thread.currentThread().isInterrupted()) {
      throw interrupted(name, null); // nothing started: nothing to withdraw
    }
    CompletableFuture<LockLease> f = start(name, false);
    try {
      return Optional.of(f.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      if (f.cancel(true)) {
        return Optional.empty();
      }
      return Optional.of(EtcdCoordinationClient.await(f)); // granted while we gave up: keep it
    } catch (ExecutionException e) {
      throw Errors.map(e, "acquiring lock '" + name + "'", Errors.Kind.WRITE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (!f.cancel(true) && !f.isCompletedExceptionally()) {
        f.join().release(); // granted as we were interrupted: give it back
      }
      throw interrupted(name, e);
    }
  }

  private static io.metastate.error.OperationInterruptedException interrupted(String name, InterruptedException e) {
    return new io.metastate.error.OperationInterruptedException("interrupted while waiting for lock '" + name
        + "'; the waiter is withdrawn, the interrupt flag is still set", e);
  }

  @Override
  public CompletableFuture<LockLease> acquireAsync(String name) {
    return start(name, false);
  }

  private CompletableFuture<LockLease> start(String name, boolean tryOnly) {
    LockNames.validate(name);
    client.checkUsable();
    CompletableFuture<Void> pending = pendingReleases.get(name);
    if (pending != null) {
      // Our previous claim on this name is still in etcd: asking again now could be granted on that old claim,
      // which the pending release would then delete. Wait for it (briefly) first.
      try {
        pending.get(client.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        throw new io.metastate.error.BackendUnavailableException("the previous release of lock '" + name
            + "' by this session has not reached etcd yet (it is retried in the background); try again later", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new io.metastate.error.BackendUnavailableException("interrupted while waiting for etcd", e);
      }
    }
    Waiter w = new Waiter(name, tryOnly);
    if (mine.putIfAbsent(name, w) != null) {
      throw new LockAlreadyHeldException(name);
    }
    // First ask for the lock only if nobody has a claim (no transient claim, no range read); queue if busy.
    CompletableFuture<Void> queued = w.claimIfFree();
    if (!tryOnly) {
      // Return once the claim is in etcd: the queue position is then fixed, so calls made one after another are
      // served in that order (FIFO as the caller sees it). The outcome is reported through the future.
      try {
        queued.get(client.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // reported through w.result
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return w.result;
  }

  @Override
  public Optional<LockInfo> query(String name) {
    LockNames.validate(name);
    client.checkUsable();
    List<KeyValue> claims = EtcdCoordinationClient.await(claims(name)).claims;
    if (claims.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(info(name, claims.get(0)));
  }

  @Override
  public List<LockInfo> list(String prefix) {
    LockNames.validatePrefix(prefix);
    client.checkUsable();
    Keyspace ks = client.keys();
    String start = ks.namespace() + prefix;
    GetOption opt = GetOption.builder().withRange(Keyspace.prefixEnd(start))
        .withSortField(GetOption.SortTarget.CREATE).withSortOrder(GetOption.SortOrder.ASCEND).build();
    GetResponse r = EtcdCoordinationClient.await(client.call(
        client.jetcd().getKVClient().get(bytes(start.isEmpty() ? "\0" : start), opt), "listing locks", Errors.Kind.READ));
    Map<String, LockInfo> held = new TreeMap<>();
    for (KeyValue kv : r.getKvs()) {
      String name = ks.lockNameOf(string(kv.getKey()));
      if (name == null || held.containsKey(name)) {
        continue;
      }
      try {
        LockNames.validate(name);
      } catch (InvalidPathException notOurs) {
        continue;
      }
      held.put(name, info(name, kv));
    }
    return List.copyOf(held.values());
  }

  @Override
  public boolean forceRelease(String name) {
    LockNames.validate(name);
    client.checkUsable();
    List<KeyValue> claims = EtcdCoordinationClient.await(claims(name)).claims;
    if (claims.isEmpty()) {
      return false;
    }
    KeyValue holder = claims.get(0);
    TxnResponse r = EtcdCoordinationClient.await(client.call(client.jetcd().getKVClient().txn()
        .If(new Cmp(holder.getKey(), Cmp.Op.EQUAL, CmpTarget.createRevision(holder.getCreateRevision())))
        .Then(Op.delete(holder.getKey(), DeleteOption.DEFAULT)).commit(), "force-releasing lock '" + name + "'",
        Errors.Kind.WRITE));
    return r.isSucceeded();
  }

  private LockInfo info(String name, KeyValue kv) {
    return new LockInfo(name, string(kv.getValue()), kv.getLease(), new FencingToken(kv.getCreateRevision()));
  }

  // ---- claims

  /** The direct claims of a lock, oldest first, and the revision they were read at. */
  private record Claims(List<KeyValue> claims, long revision) {}

  private CompletableFuture<Claims> claims(String name) {
    String prefix = client.keys().lockPrefix(name);
    return client.call(client.jetcd().getKVClient().get(bytes(prefix), claimsOption(prefix)), "reading lock '" + name
        + "'", Errors.Kind.READ).thenApply(r -> new Claims(direct(prefix, r.getKvs()), r.getHeader().getRevision()));
  }

  private static GetOption claimsOption(String prefix) {
    return GetOption.builder().isPrefix(true).withSortField(GetOption.SortTarget.CREATE)
        .withSortOrder(GetOption.SortOrder.ASCEND).build();
  }

  /** Claims of this very name: {@code <name>/<hex>}, not those of a longer name such as {@code <name>/sub/<hex>}. */
  private static List<KeyValue> direct(String prefix, List<KeyValue> kvs) {
    List<KeyValue> out = new ArrayList<>(kvs.size());
    for (KeyValue kv : kvs) {
      if (string(kv.getKey()).indexOf('/', prefix.length()) < 0) {
        out.add(kv);
      }
    }
    return out;
  }

  /**
   * Deletes a released lease's claim. If etcd cannot be reached, the lease is released all the same (its holder has
   * let go and will not act on it) and the delete is retried in the background until it lands or the session ends;
   * meanwhile nobody else can take the lock, which is the safe side.
   */
  void releaseClaim(EtcdLockLease lease) {
    try {
      EtcdCoordinationClient.await(deleteClaimAsync(lease.key(), lease.token().value()));
    } catch (io.metastate.error.ConnectionLossException | io.metastate.error.BackendUnavailableException e) {
      if (client.unusable() != null) {
        return; // the session is over: the claim went with its lease
      }
      CompletableFuture<Void> done = new CompletableFuture<>();
      pendingReleases.put(lease.name(), done);
      done.whenComplete((v, x) -> pendingReleases.remove(lease.name(), done));
      retryRelease(lease, done);
    }
  }

  private void retryRelease(EtcdLockLease lease, CompletableFuture<Void> done) {
    client.timer().schedule(() -> {
      if (client.unusable() != null) {
        done.complete(null);
        return;
      }
      deleteClaimAsync(lease.key(), lease.token().value()).whenComplete((r, e) -> {
        if (e == null || client.unusable() != null) {
          done.complete(null);
        } else {
          retryRelease(lease, done);
        }
      });
    }, 500, TimeUnit.MILLISECONDS);
  }

  private CompletableFuture<TxnResponse> deleteClaimAsync(String key, long createRevision) {
    return client.call(client.jetcd().getKVClient().txn()
        .If(new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.createRevision(createRevision)))
        .Then(Op.delete(bytes(key), DeleteOption.DEFAULT)).commit(), "releasing lock claim " + key, Errors.Kind.WRITE);
  }

  void forget(EtcdLockLease lease) {
    mine.remove(lease.name(), lease);
  }

  // ---- session transitions

  void suspendAll() {
    forEachLease(l -> l.moveTo(LeaseState.UNCERTAIN));
  }

  /** Connected again: each lease reads HELD again only once a read shows its claim still there (else LOST). */
  void resumeAll() {
    forEachLease(l -> l.claimWatch().verify());
  }

  void loseAll(CoordinationException why) {
    for (Object o : List.copyOf(mine.values())) {
      if (o instanceof EtcdLockLease l) {
        l.moveTo(LeaseState.LOST);
      } else if (o instanceof Waiter w) {
        w.fail(why);
      }
    }
  }

  /** After the lease was revoked by close(): every lease ends RELEASED, every waiter fails. */
  void releaseAll() {
    for (Object o : List.copyOf(mine.values())) {
      if (o instanceof EtcdLockLease l) {
        l.claimDeletedByClose();
      } else if (o instanceof Waiter w) {
        w.fail(new io.metastate.error.ClientClosedException("the etcd client was closed while waiting for lock '"
            + w.name + "'"));
      }
    }
  }

  private void forEachLease(java.util.function.Consumer<EtcdLockLease> action) {
    for (Object o : mine.values()) {
      if (o instanceof EtcdLockLease l) {
        action.accept(l);
      }
    }
  }

  /** One acquisition in progress: claim, then wait for each predecessor's deletion, then grant. */
  private final class Waiter {
    final String name;
    final boolean tryOnly;
    final String key;
    final String prefix;
    final CompletableFuture<LockLease> result = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterrupt) {
        boolean cancelled = super.cancel(mayInterrupt);
        if (cancelled) {
          withdraw();
        }
        return cancelled;
      }
    };
    private long myRevision;
    private Watch.Watcher watcher;

    Waiter(String name, boolean tryOnly) {
      this.name = name;
      this.tryOnly = tryOnly;
      this.key = client.keys().lockKey(name, client.leaseId());
      this.prefix = client.keys().lockPrefix(name);
    }

    /**
     * tryAcquire: claim only if the lock has no claim at all (a range compare), so a busy answer leaves nothing
     * behind that others could take for a holder. If only claims of longer names share the prefix, claim and check.
     */
    CompletableFuture<Void> claimIfFree() {
      var k = bytes(key);
      Op list = Op.get(bytes(prefix), claimsOption(prefix));
      return client.call(client.jetcd().getKVClient().txn()
          .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)),
              new io.etcd.jetcd.op.RangeCmp(bytes(prefix), Keyspace.prefixEnd(prefix), Cmp.Op.EQUAL,
                  CmpTarget.createRevision(0)))
          .Then(Op.put(k, bytes(client.session().ownerId()), PutOption.builder().withLeaseId(client.leaseId()).build()))
          .Else(list).commit(), "claiming lock '" + name + "'", Errors.Kind.WRITE)
          .handle((r, e) -> {
            if (e != null) {
              fail(e);
            } else if (r.isSucceeded()) {
              synchronized (this) {
                myRevision = r.getHeader().getRevision();
                grant(r.getHeader().getRevision());
              }
            } else if (!tryOnly || direct(prefix, r.getGetResponses().get(0).getKvs()).isEmpty()) {
              return claim(); // busy: join the queue (or, for tryAcquire, only longer names share the prefix)
            } else {
              mine.remove(name, this);
              result.complete(null);
            }
            return CompletableFuture.<Void>completedFuture(null);
          }).thenCompose(f -> f);
    }

    CompletableFuture<Void> claim() {
      var k = bytes(key);
      Op list = Op.get(bytes(prefix), claimsOption(prefix));
      return client.call(client.jetcd().getKVClient().txn()
          .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
          .Then(Op.put(k, bytes(client.session().ownerId()), PutOption.builder().withLeaseId(client.leaseId()).build()),
              list)
          .Else(list).commit(), "claiming lock '" + name + "'", Errors.Kind.WRITE)
          .handle((r, e) -> {
            if (e != null) {
              fail(e);
            } else {
              List<GetResponse> gets = r.getGetResponses();
              evaluate(new Claims(direct(prefix, gets.get(gets.size() - 1).getKvs()), r.getHeader().getRevision()));
            }
            return null;
          });
    }

    /** Decides on a fresh read: granted, wait for the predecessor, or our claim is gone (lease dead). */
    private void evaluate(Claims c) {
      KeyValue own = null;
      KeyValue predecessor = null;
      for (KeyValue kv : c.claims) {
        if (string(kv.getKey()).equals(key)) {
          own = kv;
          break;
        }
        predecessor = kv;
      }
      synchronized (this) {
        if (own == null) {
          // Our claim vanished while we waited: an administrator deleted it, a force-release took it, or our lease
          // is gone (which the session finds out on its own). Never grant on it (etcd #11456), and end only this
          // acquisition: the session's other locks and ephemeral nodes are still valid.
          fail(new CoordinationException("lock '" + name + "': this session's claim " + key + " was deleted while it"
              + " waited (by an administrator or a force-release, or its lease ended); acquire again", true));
          return;
        }
        myRevision = own.getCreateRevision();
        if (result.isDone()) {
          withdraw(); // cancelled while the request was in flight
          return;
        }
        if (predecessor == null) {
          grant(c.revision);
          return;
        }
        if (tryOnly) {
          deleteOwnClaim();
          mine.remove(name, this);
          result.complete(null);
          return;
        }
        watchDeletion(predecessor, c.revision);
      }
    }

    /**
     * Waits for the predecessor's deletion. The watch starts "now" (no start revision), which etcd always registers
     * as a synced watcher: delivery is immediate, never from the 100 ms catch-up loop that a watch starting in the
     * past (even at read revision + 1, once other writes have landed) falls into. A deletion between our read and the
     * watch's creation is caught by reading the predecessor again once etcd confirms the watch.
     */
    private void watchDeletion(KeyValue predecessor, long readRevision) {
      WatchOption opt = WatchOption.builder().withNoPut(true).withCreateNotify(true).build();
      watcher = client.jetcd().getWatchClient().watch(predecessor.getKey(), opt, Watch.listener(resp -> {
        if (resp.isCreatedNotify()) {
          // Compare create revisions, not existence: the predecessor's session may already have released and
          // queued again under the same key (same lease), which is a new claim behind us, not the one we wait for.
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
      }, err -> recheck()));
    }

    private void recheck() {
      synchronized (this) {
        if (watcher == null || result.isDone()) {
          return; // already rechecking (a create-notify read and a delete event may both fire), or finished
        }
        watcher.close();
        watcher = null;
      }
      claims(name).whenComplete((c, e) -> {
        if (e != null) {
          fail(e);
        } else {
          evaluate(c);
        }
      });
    }

    private void grant(long readRevision) {
      EtcdLockLease lease = new EtcdLockLease(EtcdLocks.this, name, myRevision, key);
      if (!mine.replace(name, this, lease)) {
        deleteOwnClaim();
        return;
      }
      if (client.session().state() == io.metastate.session.SessionState.SUSPENDED) {
        lease.moveTo(LeaseState.UNCERTAIN);
      }
      // Watch our claim for a force-release, from the grant's revision on, once the lease has been held for a moment:
      // short critical sections never pay for a watch, and a deletion in between is still delivered.
      lease.claimWatch().startLater(readRevision + 1, CLAIM_WATCH_DELAY_MS);
      if (!result.complete(lease)) {
        lease.release(); // cancelled as it was granted: give it back
      }
    }

    void fail(Throwable e) {
      CoordinationException ex = e instanceof CoordinationException ce ? ce
          : Errors.map(e, "acquiring lock '" + name + "'", Errors.Kind.WRITE);
      synchronized (this) {
        if (watcher != null) {
          watcher.close();
          watcher = null;
        }
      }
      mine.remove(name, this);
      if (result.completeExceptionally(ex) && myRevision != 0 && client.unusable() == null) {
        deleteOwnClaim();
      }
    }

    private synchronized void withdraw() {
      if (watcher != null) {
        watcher.close();
        watcher = null;
      }
      mine.remove(name, this);
      if (myRevision != 0) {
        deleteOwnClaim(); // if the claim is still in flight, evaluate() sees the cancellation and comes back here
      }
    }

    private void deleteOwnClaim() {
      if (client.unusable() == null) {
        deleteClaimAsync(key, myRevision).exceptionally(e -> null); // left over at worst until the lease ends
      }
    }
  }
}
