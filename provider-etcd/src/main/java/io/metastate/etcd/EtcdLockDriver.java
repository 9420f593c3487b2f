package io.metastate.etcd;

import static io.metastate.etcd.Keyspace.string;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.metastate.error.ConnectionLossException;
import io.metastate.error.CoordinationException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.OperationInterruptedException;
import io.metastate.lock.FencingToken;
import io.metastate.provider.support.ClaimLease;
import io.metastate.provider.support.LockDriver;
import io.metastate.provider.support.QueuePosition;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The lock queue in etcd's v3lock layout (what {@code etcdctl lock} and the v3lock service write): a claim is the key
 * {@code <name>/<lease-hex>} put with the session lease; the claim with the lowest create revision holds the lock; a
 * waiter watches only the deletion of the claim just before its own (FIFO, no herd).
 *
 * <p>What this session leaves in etcd is always tracked. A claim request whose reply is lost may or may not have made
 * the claim: its key carries our lease id, so a read tells, and the claim is adopted or, once the acquire is over,
 * deleted by the {@link ClaimReleaser}, which also makes a new acquire of the name wait for a delete still in flight.
 * A claim that vanishes while it waits (an operator's delete, a force-release) ends that acquire only, with
 * {@link LeaseLostException}, not the session (unless it went with the session's lease), and is never granted
 * (etcd #11456).
 */
final class EtcdLockDriver implements LockDriver<EtcdClaim, KeyValue> {
  private static final long RETRY_MS = 250;

  private final EtcdCoordinationClient client;
  private final ClaimReleaser releaser;

  EtcdLockDriver(EtcdCoordinationClient client) {
    this.client = client;
    this.releaser = new ClaimReleaser(client);
  }

  /**
   * First asks for the lock only if nobody has a claim (a range compare: a busy answer leaves nothing behind that
   * others could take for a holder); if busy, joins the queue with a Txn that puts our claim and reads the queue, so
   * the first {@link #checkHead} needs no request of its own. tryAcquire queues only if longer names alone share the
   * prefix.
   */
  @Override
  public EtcdClaim claim(String name, boolean onlyIfFree, Runnable wake) {
    // A delete of our previous claim on this name may still be in flight: the new claim has the same key and could be
    // granted on the old claim, which the delete would then remove. Wait for it first.
    releaser.awaitSettled(name);
    Keyspace keys = client.keys();
    EtcdClaim c = new EtcdClaim(name, keys.lockKey(name, client.leaseId()), keys.lockPrefix(name), wake);
    TxnResponse r = request(c, LockClaims.claimIfFree(client, name), onlyIfFree);
    if (r == null) {
      return c; // outcome unknown: checkHead finds out
    }
    if (r.isSucceeded()) {
      c.revision = r.getHeader().getRevision();
      c.readRevision = c.revision;
      c.placed = QueuePosition.head();
      return c;
    }
    if (onlyIfFree && !LockClaims.direct(c.prefix, r.getGetResponses().get(0).getKvs()).isEmpty()) {
      return null;
    }
    return joinQueue(c, onlyIfFree);
  }

  private EtcdClaim joinQueue(EtcdClaim c, boolean onlyIfFree) {
    TxnResponse r = request(c, LockClaims.claim(client, c.name), onlyIfFree);
    if (r != null) {
      List<GetResponse> gets = r.getGetResponses();
      c.placed = place(c, new LockClaims.Queue(LockClaims.direct(c.prefix, gets.get(gets.size() - 1).getKvs()),
          r.getHeader().getRevision()));
    }
    return c;
  }

  /**
   * Sends a claim request and waits for it. A lost reply leaves the claim unknown (null) for a waiter; a single try
   * reports it, and the claim, if made, is found and deleted in the background.
   */
  private TxnResponse request(EtcdClaim c, CompletableFuture<TxnResponse> f, boolean onlyIfFree) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      CoordinationException ex = Errors.map(e, "claiming lock '" + c.name + "'", Errors.Kind.WRITE);
      if (!(ex instanceof ConnectionLossException) || client.unusable() != null) {
        throw ex;
      }
      if (onlyIfFree) {
        releaser.deleteUnknown(c.name, c.key);
        throw ex;
      }
      c.unknown = true;
      return null;
    } catch (InterruptedException e) {
      // The request goes on: once it is answered, whatever it made is deleted (tracked, so a new acquire waits).
      releaser.track(c.name, f.handle((r, x) -> null).thenCompose(x -> releaser.deleteUnknown(c.name, c.key)));
      Thread.currentThread().interrupt();
      throw new OperationInterruptedException("interrupted while claiming lock '" + c.name + "'; the claim is"
          + " withdrawn, the interrupt flag is still set", e);
    }
  }

  @Override
  public FencingToken token(EtcdClaim claim) {
    return new FencingToken(claim.revision);
  }

  @Override
  public QueuePosition<KeyValue> checkHead(EtcdClaim c) {
    c.endWatch();
    QueuePosition<KeyValue> placed = c.placed;
    if (placed != null) {
      c.placed = null;
      return placed;
    }
    LockClaims.Queue q = read(c);
    if (c.unknown) {
      KeyValue own = q.find(c.key);
      c.unknown = false;
      if (own == null) {
        joinQueue(c, false); // the lost request made nothing: claim again
        return checkHead(c);
      }
    }
    return place(c, q);
  }

  private LockClaims.Queue read(EtcdClaim c) {
    try {
      return LockClaims.read(client, c.name).get();
    } catch (ExecutionException e) {
      CoordinationException ex = Errors.map(e, "reading lock '" + c.name + "'", Errors.Kind.READ);
      if (ex instanceof ConnectionLossException && client.unusable() == null) {
        client.timer().schedule(c.wake, RETRY_MS, TimeUnit.MILLISECONDS); // still queued: look again shortly
      }
      throw ex;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperationInterruptedException("interrupted while reading lock '" + c.name + "'", e);
    }
  }

  /**
   * Where a fresh read places the claim: first, or behind the claim with the highest create revision below it.
   *
   * @throws LeaseLostException if the claim is not in the queue (the driver spec's answer for a removed claim)
   */
  private QueuePosition<KeyValue> place(EtcdClaim c, LockClaims.Queue q) {
    KeyValue predecessor = null;
    for (KeyValue kv : q.claims()) {
      if (string(kv.getKey()).equals(c.key)) {
        c.revision = kv.getCreateRevision();
        c.readRevision = q.revision();
        return predecessor == null ? QueuePosition.head() : QueuePosition.behind(predecessor);
      }
      predecessor = kv;
    }
    // Never grant on a vanished claim (etcd #11456); and end only this acquire, not the session, unless the claim went
    // with the session's lease.
    CoordinationException dead = sessionEnded(c);
    if (dead != null) {
      throw dead;
    }
    throw new LeaseLostException(c.name, "its claim " + c.key + " was deleted while it waited (by an administrator or"
        + " a force-release); acquire again");
  }

  /**
   * Whether the session is over, asking etcd for its lease: a revoke (or an expiry in etcd) takes the claim with it and
   * can wake a waiter before the keep-alive hears of it. If etcd cannot say, the session's keep-alive will.
   */
  private CoordinationException sessionEnded(EtcdClaim c) {
    if (client.unusable() == null) {
      try {
        if (client.call(client.jetcd().getLeaseClient().timeToLive(client.leaseId(), LeaseOption.DEFAULT),
            "lock '" + c.name + "'", Errors.Kind.READ).get().getTTL() <= 0) {
          client.etcdSession().leaseNotFound();
        }
      } catch (ExecutionException e) {
        // unknown: only the claim is known to be gone
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OperationInterruptedException("interrupted while checking lock '" + c.name + "'", e);
      }
    }
    return client.unusable();
  }

  /**
   * Watches the predecessor's deletion. The watch starts "now", which etcd registers as a synced watcher (immediate
   * delivery, not its 100 ms catch-up loop); a deletion between our read and the watch's creation is caught by reading
   * the predecessor again once etcd confirms the watch. Create revisions are compared, not existence: the
   * predecessor's session may have queued again under the same key, which is a new claim behind us. A watch that ends
   * (cancelled, compacted, broken) could hide the deletion, so its end wakes the claim too.
   */
  @Override
  public boolean watchPredecessor(EtcdClaim c, KeyValue predecessor) {
    c.endWatch();
    Object ticket = c.newTicket();
    Runnable gone = () -> {
      if (c.end(ticket)) {
        c.wake.run();
      }
    };
    WatchOption opt = WatchOption.builder().withNoPut(true).withCreateNotify(true).build();
    Watch.Watcher w = client.jetcd().getWatchClient().watch(predecessor.getKey(), opt, Watch.listener(resp -> {
      if (resp.isCreatedNotify()) {
        client.call(client.jetcd().getKVClient().get(predecessor.getKey(),
            GetOption.builder().withKeysOnly(true).build()), "lock '" + c.name + "'", Errors.Kind.READ)
            .whenComplete((r, e) -> {
              if (e != null || r.getKvs().isEmpty()
                  || r.getKvs().get(0).getCreateRevision() != predecessor.getCreateRevision()) {
                gone.run();
              }
            });
        return;
      }
      for (WatchEvent ev : resp.getEvents()) {
        if (ev.getEventType() == WatchEvent.EventType.DELETE) {
          gone.run();
          return;
        }
      }
    }, err -> gone.run(), gone));
    if (!c.keep(ticket, w)) {
      w.close(); // ended (or replaced) while it was being set up
    }
    return true;
  }

  /** Takes the claim out of etcd, reliably and in the background (tracked, so a new acquire of the name waits). */
  @Override
  public void withdraw(EtcdClaim c) {
    c.endWatch();
    if (client.unusable() != null) {
      return; // the session is over: its claims went (or go) with its lease
    }
    if (c.revision != 0) {
      releaser.delete(c.name, c.key, c.revision);
    } else if (c.unknown) {
      releaser.deleteUnknown(c.name, c.key);
    }
  }

  /**
   * Deletes a released lease's claim. If etcd cannot be reached within the request timeout, the lease is released all
   * the same (its holder has let go and will not act on it) and the delete goes on in the background until it lands or
   * the session ends; meanwhile nobody else can take the lock, which is the safe side.
   */
  @Override
  public void release(ClaimLease<EtcdClaim> lease) {
    EtcdClaim c = lease.claim();
    c.releasing = true;
    CompletableFuture<Void> done = releaser.delete(c.name, c.key, c.revision);
    try {
      done.get(client.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // retried in the background
    } catch (ExecutionException e) {
      c.releasing = false;
      throw Errors.map(e, "releasing lock '" + lease.name() + "'", Errors.Kind.WRITE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // retried in the background
    }
  }
}
