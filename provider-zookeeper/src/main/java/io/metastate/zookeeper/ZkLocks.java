package io.metastate.zookeeper;

import io.metastate.error.ClientClosedException;
import io.metastate.error.CoordinationException;
import io.metastate.error.LockAlreadyHeldException;
import io.metastate.lock.DistributedLockService;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import io.metastate.lock.LockNames;
import io.metastate.session.Session;
import io.metastate.session.SessionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * Locks in Curator's InterProcessMutex layout (see {@link LockNodes}), implemented directly rather than through
 * InterProcessMutex: that recipe is re-entrant per thread, hides its node and czxid, and has no cancellable
 * asynchronous acquire, while the contract wants per-session ownership, a fencing token, and a withdrawable waiter.
 * The node layout is the same, so both exclude each other on one path.
 */
final class ZkLocks implements DistributedLockService {
  private final ZkClient client;
  private final String root;
  /** Per name: the {@link ZkLockAttempt} waiting, a {@link ZkLease} holding, or a try in progress. */
  private final Map<String, Object> active = new HashMap<>();
  private final ZkOrphans orphans;
  private final ZkLockInfo info;
  private final ZkLockQueue queue;

  ZkLocks(ZkClient client) {
    this.client = client;
    this.root = client.settings().locksRoot();
    this.queue = new ZkLockQueue(client);
    this.orphans = new ZkOrphans(this);
    this.info = new ZkLockInfo(this);
  }

  String dir(String name) {
    return root + "/" + name;
  }

  ZkClient client() {
    return client;
  }

  @Override
  public Session session() {
    return client.session();
  }

  private void reserve(String name, Object holder) {
    synchronized (active) {
      if (active.putIfAbsent(name, holder) != null) {
        throw new LockAlreadyHeldException(name);
      }
    }
  }

  /** Drops {@code holder}'s entry, if it is still the one for {@code name}. */
  void forget(String name, Object holder) {
    synchronized (active) {
      active.remove(name, holder);
    }
  }

  void replace(String name, Object from, Object to) {
    synchronized (active) {
      active.replace(name, from, to);
    }
  }

  /**
   * Grants the lock to a node we own at the head of the queue, as seen by a {@code getChildren} that left
   * {@code watch} on the lock directory.
   */
  ZkLease grant(String name, Object reservation, ZkLockQueue.Created created, ZkLease.GrantWatch watch) {
    ZkLease lease = new ZkLease(client, this, name, created.node(), created.czxid());
    replace(name, reservation, lease);
    watch.attach(lease);
    if (client.zkSession().reportedState() == SessionState.SUSPENDED) {
      lease.moveTo(LeaseState.UNCERTAIN);
    }
    return lease;
  }

  @Override
  public Optional<LockLease> tryAcquire(String name) {
    LockNames.validate(name);
    client.zk();
    if (Thread.currentThread().isInterrupted()) {
      throw Errors.acquireInterrupted(name, null); // before anything is sent: nothing to withdraw
    }
    Object marker = new Object();
    reserve(name, marker);
    String dir = dir(name);
    String prefix = LockNodes.newPrefix();
    boolean sent = false;
    try {
      ZooKeeper zk = client.zk();
      if (!LockNodes.queue(children(zk, dir)).isEmpty()) {
        return Optional.empty(); // someone holds it or waits: no need to queue and withdraw
      }
      sent = true;
      ZkLockQueue.Created created = queue.createNode(zk, dir, prefix);
      ZkLease.GrantWatch watch = new ZkLease.GrantWatch();
      List<String> contenders = LockNodes.queue(queue.children(zk, dir, watch));
      if (!contenders.isEmpty() && contenders.get(0).equals(created.child())) {
        return Optional.of(grant(name, marker, created, watch));
      }
      deleteQuietly(dir, created.node(), prefix);
      return Optional.empty();
    } catch (KeeperException e) {
      if (sent && e.code() == KeeperException.Code.CONNECTIONLOSS) {
        addOrphan(dir, prefix); // the create may have happened: remove it once we are back
      }
      throw client.fail(e, name, -1);
    } catch (InterruptedException e) {
      if (sent) {
        addOrphan(dir, prefix); // our node may exist: removed by the cleanup, not by this interrupted thread
      }
      throw Errors.acquireInterrupted(name, e);
    } finally {
      forget(name, marker);
    }
  }

  @Override
  public Optional<LockLease> acquire(String name, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      return tryAcquire(name); // exactly one try, as Lock.tryLock(time, unit) does
    }
    LockNames.validate(name);
    if (Thread.currentThread().isInterrupted()) {
      throw Errors.acquireInterrupted(name, null); // before anything is sent: nothing to withdraw
    }
    ZkLockAttempt attempt = start(name, false);
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      // The caller's thread takes every step itself, woken by the predecessor's watch: no thread hand-offs.
      while (true) {
        attempt.step();
        CompletableFuture<LockLease> f = attempt.future();
        if (f.isDone()) {
          return Optional.of(f.get());
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          attempt.withdraw(); // synchronously: when we return, our node is gone
          if (f.isDone() && !f.isCompletedExceptionally()) {
            return Optional.of(f.join()); // granted just before the withdrawal: the caller holds it now
          }
          return Optional.empty();
        }
        attempt.awaitPoke(left);
      }
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    } catch (InterruptedException e) {
      // The flag is clear now, so the withdrawal's delete can wait for its answer; the flag is set again after.
      attempt.withdraw();
      CompletableFuture<LockLease> f = attempt.future();
      if (f.isDone() && !f.isCompletedExceptionally()) {
        f.join().release(); // granted in the race with the interrupt: the caller gets no lease, so release it
      }
      throw Errors.acquireInterrupted(name, e);
    } catch (java.util.concurrent.CancellationException e) {
      return Optional.empty();
    }
  }

  private static RuntimeException unwrap(Throwable cause) {
    if (cause instanceof RuntimeException r) {
      return r;
    }
    return new CoordinationException("lock acquisition failed: " + cause, false, cause);
  }

  @Override
  public CompletableFuture<LockLease> acquireAsync(String name) {
    ZkLockAttempt attempt = start(name, true);
    // Join the queue (create our node) before returning, so that grants follow the order in which these calls
    // returned, across clients too; only the waiting after that is asynchronous.
    attempt.step();
    return attempt.future();
  }

  private ZkLockAttempt start(String name, boolean async) {
    LockNames.validate(name);
    client.zk();
    ZkLockAttempt attempt = new ZkLockAttempt(this, name, !async);
    reserve(name, attempt);
    return attempt;
  }

  @Override
  public Optional<LockInfo> query(String name) {
    return info.query(name);
  }

  @Override
  public List<LockInfo> list(String prefix) {
    return info.list(prefix);
  }

  @Override
  public boolean forceRelease(String name) {
    return info.forceRelease(name);
  }

  /** Requests on the lock directories. */
  ZkLockQueue queue() {
    return queue;
  }

  List<String> children(ZooKeeper zk, String dir) throws KeeperException, InterruptedException {
    return queue.children(zk, dir);
  }

  /** Deletes our node; if we cannot tell whether that worked, tries again after reconnecting. */
  void deleteQuietly(String dir, String node, String prefix) {
    orphans.deleteQuietly(dir, node, prefix);
  }

  /** Our nodes under {@code dir} named with {@code prefix} may exist: they are deleted once we are connected. */
  void addOrphan(String dir, String prefix) {
    orphans.add(dir, prefix);
  }

  /** The node of {@code lease}, whose release met connection loss, may or may not still exist. */
  void addOrphan(String node, ZkLease lease) {
    orphans.add(node, lease);
  }

  private List<Object> snapshot() {
    synchronized (active) {
      return new ArrayList<>(active.values());
    }
  }

  void suspended() {
    for (Object o : snapshot()) {
      if (o instanceof ZkLease lease) {
        lease.moveTo(LeaseState.UNCERTAIN);
      }
    }
  }

  void reconnected() {
    for (Object o : snapshot()) {
      if (o instanceof ZkLease lease) {
        lease.moveTo(LeaseState.HELD);
      } else if (o instanceof ZkLockAttempt attempt) {
        attempt.poke();
      }
    }
    client.executor().execute(orphans::clean);
  }

  void expired() {
    for (Object o : snapshot()) {
      if (o instanceof ZkLease lease) {
        lease.moveTo(LeaseState.LOST);
      } else if (o instanceof ZkLockAttempt attempt) {
        attempt.fail(client.expiredException());
      }
    }
    orphans.sessionEnded(LeaseState.LOST);
  }

  void closing() {
    for (Object o : snapshot()) {
      if (o instanceof ZkLease lease) {
        lease.moveTo(LeaseState.RELEASED); // the session's close deletes the node
      } else if (o instanceof ZkLockAttempt attempt) {
        attempt.fail(new ClientClosedException("the client was closed while waiting for lock '"
            + attempt.name() + "'"));
      }
    }
    orphans.sessionEnded(LeaseState.RELEASED); // the session's close deletes the nodes
  }
}
