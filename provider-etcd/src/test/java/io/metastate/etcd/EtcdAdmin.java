package io.metastate.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.LeaseOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A plain jetcd client straight to etcd (no proxy), for what the fixtures do as an operator would: revoke a lease,
 * compact the history, read or delete a key.
 */
final class EtcdAdmin implements AutoCloseable {
  private final Client client;

  EtcdAdmin(String... endpoints) {
    this.client = Client.builder().endpoints(endpoints).build();
  }

  /** Revokes lease {@code id}: its session expires at once. */
  void revoke(long id) {
    await(client.getLeaseClient().revoke(id), "revoke lease " + Long.toHexString(id));
  }

  /** Compacts etcd's history at the current revision. */
  void compact() {
    long rev = await(client.getKVClient().get(Keyspace.bytes("x")), "read the revision").getHeader().getRevision();
    await(client.getKVClient().compact(rev), "compact at " + rev);
  }

  /** Whether {@code key} exists. */
  boolean exists(String key) {
    return await(client.getKVClient().get(Keyspace.bytes(key)), "read " + key).getCount() > 0;
  }

  /** Deletes {@code key}, as {@code etcdctl del} would. */
  void delete(String key) {
    await(client.getKVClient().delete(Keyspace.bytes(key)), "delete " + key);
  }

  /** Whether etcd still has lease {@code id} (it has not expired or been revoked). */
  boolean leaseAlive(long id) {
    return await(client.getLeaseClient().timeToLive(id, LeaseOption.DEFAULT), "read lease " + Long.toHexString(id))
        .getTTL() > 0;
  }

  private static <T> T await(CompletableFuture<T> call, String what) {
    try {
      return call.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: could not " + what, e);
    } catch (Exception e) {
      throw new IllegalStateException("could not " + what, e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
