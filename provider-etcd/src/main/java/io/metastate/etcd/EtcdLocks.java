package io.metastate.etcd;

import static io.metastate.etcd.Keyspace.bytes;
import static io.metastate.etcd.Keyspace.string;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
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
 *
 * <p>This class maps the service onto that layout; the waiter protocol is {@link LockWaiter}, the claim Txns and
 * reads {@link LockClaims}, reliable deletes {@link ClaimReleaser}, and a holder's force-release watch
 * {@link ClaimWatch}.
 */
final class EtcdLocks implements DistributedLockService {
  private final EtcdCoordinationClient client;
  /** This session's leases and waiters ({@link LockWaiter}), by lock name. */
  private final Map<String, Object> mine = new ConcurrentHashMap<>();
  private final ClaimReleaser releaser;

  EtcdLocks(EtcdCoordinationClient client) {
    this.client = client;
    this.releaser = new ClaimReleaser(client);
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
    LockNames.validate(name);
    if (Thread.currentThread().isInterrupted()) {
      throw interrupted(name, null); // nothing started: nothing to withdraw
    }
    CompletableFuture<LockLease> f = start(name, true);
    try {
      return Optional.ofNullable(f.get());
    } catch (ExecutionException e) {
      throw Errors.map(e, "acquiring lock '" + name + "'", Errors.Kind.WRITE);
    } catch (InterruptedException e) {
      throw withdrawInterrupted(name, f, e);
    }
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
      throw withdrawInterrupted(name, f, e);
    }
  }

  /** Withdraws an acquisition whose thread was interrupted (releasing a grant that raced); the flag stays set. */
  private static RuntimeException withdrawInterrupted(String name, CompletableFuture<LockLease> f,
      InterruptedException e) {
    Thread.currentThread().interrupt();
    if (!f.cancel(true) && !f.isCompletedExceptionally()) {
      LockLease raced = f.join();
      if (raced != null) {
        raced.release(); // granted as we were interrupted: give it back
      }
    }
    return interrupted(name, e);
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
    LockWaiter w = new LockWaiter(this, mine, name, tryOnly);
    if (mine.putIfAbsent(name, w) != null) {
      throw new LockAlreadyHeldException(name);
    }
    try {
      // A delete of our previous claim on this name may still be in flight: the new claim has the same key and could
      // be granted on the old claim, which the delete would then remove. Wait for it first.
      releaser.awaitSettled(name);
    } catch (RuntimeException e) {
      mine.remove(name, w);
      throw e;
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
    List<KeyValue> claims = EtcdCoordinationClient.await(LockClaims.read(client, name)).claims();
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
    List<KeyValue> claims = EtcdCoordinationClient.await(LockClaims.read(client, name)).claims();
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

  /**
   * Deletes a released lease's claim. If etcd cannot be reached within the request timeout, the lease is released all
   * the same (its holder has let go and will not act on it) and the delete goes on in the background until it lands or
   * the session ends; meanwhile nobody else can take the lock, which is the safe side.
   */
  void releaseClaim(EtcdLockLease lease) {
    CompletableFuture<Void> done = releaser.delete(lease.name(), lease.key(), lease.token().value());
    try {
      done.get(client.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // retried in the background
    } catch (ExecutionException e) {
      throw Errors.map(e, "releasing lock '" + lease.name() + "'", Errors.Kind.WRITE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // retried in the background
    }
  }

  ClaimReleaser releaser() {
    return releaser;
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
      } else if (o instanceof LockWaiter w) {
        w.fail(why);
      }
    }
  }

  /** After the lease was revoked by close(): every lease ends RELEASED, every waiter fails. */
  void releaseAll() {
    for (Object o : List.copyOf(mine.values())) {
      if (o instanceof EtcdLockLease l) {
        l.claimDeletedByClose();
      } else if (o instanceof LockWaiter w) {
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
}
