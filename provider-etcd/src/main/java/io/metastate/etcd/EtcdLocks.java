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
import io.metastate.lock.FencingToken;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockNames;
import io.metastate.provider.support.AbstractLockService;
import io.metastate.provider.support.ClaimLease;
import io.metastate.provider.support.LockDirectory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Locks in etcd's v3lock layout, on the shared lock service: the queue protocol is {@link EtcdLockDriver}; this class
 * adds the reads (query, list, force-release: its {@code Directory}), the leases that watch their claim
 * ({@link EtcdLockLease}), and the session's transitions. Steps of asynchronous acquires and the futures handed to
 * callers run on the client's {@link Callbacks}, never on jetcd's event loop.
 */
final class EtcdLocks extends AbstractLockService<EtcdClaim, KeyValue> {
  private final EtcdCoordinationClient client;

  EtcdLocks(EtcdCoordinationClient client) {
    super(client.etcdSession(), new EtcdLockDriver(client), new Directory(client), client.callbacks());
    this.client = client;
  }

  EtcdCoordinationClient client() {
    return client;
  }

  @Override
  protected void checkUsable() {
    client.checkUsable();
  }

  @Override
  protected ClaimLease<EtcdClaim> newLease(String name, EtcdClaim claim) {
    return new EtcdLockLease(this, name, claim);
  }

  /** Connected again: a lease reads HELD again only once a read shows its claim still there (else LOST). */
  @Override
  protected void leaseReconnected(ClaimLease<EtcdClaim> lease) {
    ((EtcdLockLease) lease).claimWatch().verify();
  }

  // ---- the session's transitions, as the client reports them

  /**
   * The session expired: leases LOST, waiters fail, on a {@link Callbacks} thread. Expiry is often noticed inside the
   * completion of a request (a put whose lease is gone) on jetcd's event loop, while a waiter's step waits for that
   * very request holding the waiter's monitor, which failing the waiter needs: run here, that would never finish.
   */
  void loseAll(CoordinationException why) {
    client.callbacks().execute(() -> expired(why));
  }

  /** After close() revoked the session lease, which deleted every claim: leases RELEASED, waiters fail. */
  void releaseAll() {
    closed();
  }

  /** Query, list and force-release: the head of a name's claims (lowest create revision) holds the lock. */
  private record Directory(EtcdCoordinationClient client) implements LockDirectory {
    @Override
    public Optional<LockInfo> query(String name) {
      List<KeyValue> claims = EtcdCoordinationClient.await(LockClaims.read(client, name)).claims();
      return claims.isEmpty() ? Optional.empty() : Optional.of(info(name, claims.get(0)));
    }

    @Override
    public List<LockInfo> list(String prefix) {
      Keyspace ks = client.keys();
      String start = ks.namespace() + prefix;
      GetOption opt = GetOption.builder().withRange(Keyspace.prefixEnd(start))
          .withSortField(GetOption.SortTarget.CREATE).withSortOrder(GetOption.SortOrder.ASCEND).build();
      GetResponse r = EtcdCoordinationClient.await(client.call(
          client.jetcd().getKVClient().get(bytes(start.isEmpty() ? "\0" : start), opt), "listing locks",
          Errors.Kind.READ));
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

    private static LockInfo info(String name, KeyValue kv) {
      return new LockInfo(name, string(kv.getValue()), kv.getLease(), new FencingToken(kv.getCreateRevision()));
    }
  }
}
