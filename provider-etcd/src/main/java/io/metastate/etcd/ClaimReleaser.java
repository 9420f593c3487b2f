package io.metastate.etcd;

import static io.metastate.etcd.Keyspace.bytes;

import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.metastate.error.BackendUnavailableException;
import io.metastate.error.ConnectionLossException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Deletes this session's lock claims reliably (Curator's "guaranteed delete"): a delete that cannot reach etcd is
 * retried in the background until it lands or the session ends (the claim then goes with the lease). Until then the
 * name is <em>pending</em>: a new acquire of it by this session waits, because it would write the same key (the key
 * is the name plus our lease id) and could be granted on the old claim that the delete then removes.
 */
final class ClaimReleaser {
  private static final long RETRY_MS = 250;

  private final EtcdCoordinationClient client;
  private final Map<String, CompletableFuture<?>> pending = new ConcurrentHashMap<>();

  ClaimReleaser(EtcdCoordinationClient client) {
    this.client = client;
  }

  /**
   * Waits until no delete of {@code name}'s claim by this session is in flight.
   *
   * @throws BackendUnavailableException if one has not landed within the request timeout
   */
  void awaitSettled(String name) {
    long deadline = System.nanoTime() + client.requestTimeout().toNanos();
    CompletableFuture<?> p;
    while ((p = pending.get(name)) != null) {
      try {
        p.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        pending.remove(name, p);
      } catch (TimeoutException | ExecutionException e) {
        throw new BackendUnavailableException("the previous claim of lock '" + name + "' by this session has not been"
            + " deleted from etcd yet (it is retried in the background); try again later", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new io.metastate.error.OperationInterruptedException("interrupted while waiting for etcd", e);
      }
    }
  }

  /** Makes a new acquire of {@code name} wait for {@code work} too (see {@link #awaitSettled}). */
  void track(String name, CompletableFuture<?> work) {
    CompletableFuture<?> combined = pending.merge(name, work, (a, b) -> CompletableFuture.allOf(a, b));
    combined.whenComplete((v, e) -> pending.remove(name, combined));
  }

  /** Deletes {@code key} if it is still the claim created at {@code createRevision}; guaranteed, tracked. */
  CompletableFuture<Void> delete(String name, String key, long createRevision) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    track(name, done);
    attempt(key, createRevision, done);
    return done;
  }

  /**
   * After a claim request whose outcome is unknown: reads our key (it carries our lease id) and deletes the claim if
   * the lost request created it. Guaranteed and tracked like {@link #delete}.
   */
  CompletableFuture<Void> deleteUnknown(String name, String key) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    track(name, done);
    find(name, key, done);
    return done;
  }

  private void find(String name, String key, CompletableFuture<Void> done) {
    if (client.unusable() != null) {
      done.complete(null);
      return;
    }
    client.call(client.jetcd().getKVClient().get(bytes(key), GetOption.builder().withKeysOnly(true).build()),
        "reading lock claim " + key, Errors.Kind.READ).whenComplete((r, e) -> {
          if (e != null) {
            retryLater(e, done, () -> find(name, key, done));
          } else if (r.getKvs().isEmpty() || r.getKvs().get(0).getLease() != client.leaseId()) {
            done.complete(null); // the lost request never created it
          } else {
            attempt(key, r.getKvs().get(0).getCreateRevision(), done);
          }
        });
  }

  private void attempt(String key, long createRevision, CompletableFuture<Void> done) {
    if (client.unusable() != null) {
      done.complete(null); // the session is over: the claim went (or goes) with its lease
      return;
    }
    deleteAsync(key, createRevision).whenComplete((r, e) -> {
      if (e == null) {
        done.complete(null); // deleted, or already gone (the compare failed): either way no longer ours
      } else {
        retryLater(e, done, () -> attempt(key, createRevision, done));
      }
    });
  }

  private void retryLater(Throwable e, CompletableFuture<Void> done, Runnable again) {
    Throwable t = Errors.unwrap(e);
    if (client.unusable() != null) {
      done.complete(null);
    } else if (t instanceof ConnectionLossException || t instanceof BackendUnavailableException) {
      client.timer().schedule(again, RETRY_MS, TimeUnit.MILLISECONDS);
    } else {
      done.completeExceptionally(t); // not a reachability problem: retrying would not help
    }
  }

  private CompletableFuture<TxnResponse> deleteAsync(String key, long createRevision) {
    return client.call(client.jetcd().getKVClient().txn()
        .If(new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.createRevision(createRevision)))
        .Then(Op.delete(bytes(key), DeleteOption.DEFAULT)).commit(), "releasing lock claim " + key, Errors.Kind.WRITE);
  }
}
