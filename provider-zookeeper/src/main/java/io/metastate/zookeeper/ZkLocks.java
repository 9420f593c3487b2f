package io.metastate.zookeeper;

import io.metastate.error.ClientClosedException;
import io.metastate.error.CoordinationException;
import io.metastate.error.LockAlreadyHeldException;
import io.metastate.lock.DistributedLockService;
import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import io.metastate.lock.LockNames;
import io.metastate.session.Session;
import io.metastate.session.SessionState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Locks in Curator's InterProcessMutex layout (see {@link LockNodes}), implemented directly rather than through
 * InterProcessMutex: that recipe is re-entrant per thread, hides its node and czxid, and has no cancellable
 * asynchronous acquire, while the contract wants per-session ownership, a fencing token, and a withdrawable waiter.
 * The node layout is the same, so both exclude each other on one path.
 */
final class ZkLocks implements DistributedLockService {
  private final ZkClient client;
  private final String root;
  private final byte[] ownerData;
  /** Per name: the {@link ZkLockAttempt} waiting, a {@link ZkLease} holding, or a try in progress. */
  private final Map<String, Object> active = new HashMap<>();
  private final List<String[]> orphans = new ArrayList<>();

  ZkLocks(ZkClient client) {
    this.client = client;
    this.root = client.settings().locksRoot();
    this.ownerData = client.settings().ownerId().getBytes(StandardCharsets.UTF_8);
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

  /** Creates our contender node, and any missing directory (as containers, like Curator). */
  Created createNode(ZooKeeper zk, String dir, String prefix) throws KeeperException, InterruptedException {
    String path = dir + "/" + prefix;
    for (int attempt = 0; ; attempt++) {
      Stat stat = new Stat();
      try {
        String actual = client.send(() -> zk.create(path, ownerData, client.acl(), CreateMode.EPHEMERAL_SEQUENTIAL, stat));
        client.seen(stat.getCzxid());
        return new Created(actual, stat.getCzxid());
      } catch (KeeperException.NoNodeException e) {
        if (attempt > 10) {
          throw e;
        }
        client.createParents(zk, path, CreateMode.CONTAINER); // a container may also vanish when emptied
      }
    }
  }

  record Created(String node, long czxid) {
    String child() {
      return node.substring(node.lastIndexOf('/') + 1);
    }
  }

  /**
   * Grants the lock to a node we own at the head of the queue, as seen by a {@code getChildren} that left
   * {@code watch} on the lock directory.
   */
  ZkLease grant(String name, Object reservation, Created created, ZkLease.GrantWatch watch) {
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
      Created created = createNode(zk, dir, prefix);
      ZkLease.GrantWatch watch = new ZkLease.GrantWatch();
      List<String> queue = LockNodes.queue(children(zk, dir, watch));
      if (!queue.isEmpty() && queue.get(0).equals(created.child())) {
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
        addOrphan(dir, prefix);
      }
      throw Errors.interrupted(name, e);
    } finally {
      forget(name, marker);
    }
  }

  @Override
  public Optional<LockLease> acquire(String name, Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be zero or positive, was " + timeout);
    }
    if (timeout.isZero()) {
      return tryAcquire(name);
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
      attempt.withdraw();
      Thread.currentThread().interrupt();
      throw new CoordinationException("interrupted while waiting for lock '" + name + "'; the waiter was withdrawn",
          true, e);
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
    LockNames.validate(name);
    ZooKeeper zk = client.zk();
    try {
      return holder(zk, name);
    } catch (KeeperException e) {
      throw client.fail(e, name, -1);
    } catch (InterruptedException e) {
      throw Errors.interrupted(name, e);
    }
  }

  private Optional<LockInfo> holder(ZooKeeper zk, String name) throws KeeperException, InterruptedException {
    String dir = dir(name);
    while (true) {
      List<String> queue = LockNodes.queue(children(zk, dir));
      if (queue.isEmpty()) {
        return Optional.empty();
      }
      Stat stat = new Stat();
      try {
        String head = dir + "/" + queue.get(0);
        byte[] data = client.send(() -> zk.getData(head, false, stat));
        String owner = data == null ? "" : new String(data, StandardCharsets.UTF_8);
        return Optional.of(new LockInfo(name, owner, stat.getEphemeralOwner(), new FencingToken(stat.getCzxid())));
      } catch (KeeperException.NoNodeException released) {
        // the holder left between the two reads: look again
      }
    }
  }

  @Override
  public List<LockInfo> list(String prefix) {
    LockNames.validatePrefix(prefix);
    ZooKeeper zk = client.zk();
    int slash = prefix.lastIndexOf('/');
    String base = slash < 0 ? "" : prefix.substring(0, slash);
    List<LockInfo> out = new ArrayList<>();
    try {
      walk(zk, base, prefix, out);
    } catch (KeeperException e) {
      throw client.fail(e, prefix, -1);
    } catch (InterruptedException e) {
      throw Errors.interrupted(prefix, e);
    }
    out.sort(Comparator.comparing(LockInfo::name));
    return out;
  }

  private void walk(ZooKeeper zk, String name, String prefix, List<LockInfo> out)
      throws KeeperException, InterruptedException {
    List<String> children = children(zk, name.isEmpty() ? root : dir(name));
    if (!name.isEmpty() && name.startsWith(prefix) && !LockNodes.queue(children).isEmpty()) {
      holder(zk, name).ifPresent(out::add);
    }
    for (String child : children) {
      if (!LockNodes.isLockNode(child)) {
        walk(zk, name.isEmpty() ? child : name + "/" + child, prefix, out);
      }
    }
  }

  @Override
  public boolean forceRelease(String name) {
    LockNames.validate(name);
    ZooKeeper zk = client.zk();
    String dir = dir(name);
    try {
      List<String> queue = LockNodes.queue(children(zk, dir));
      if (queue.isEmpty()) {
        return false;
      }
      String head = dir + "/" + queue.get(0);
      client.send(() -> {
        zk.delete(head, -1);
        return null;
      });
      return true;
    } catch (KeeperException.NoNodeException released) {
      return false;
    } catch (KeeperException e) {
      throw client.fail(e, name, -1);
    } catch (InterruptedException e) {
      throw Errors.interrupted(name, e);
    }
  }

  List<String> children(ZooKeeper zk, String dir) throws KeeperException, InterruptedException {
    try {
      return client.send(() -> zk.getChildren(dir, false));
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    }
  }

  /** The children of {@code dir}, leaving {@code watch} on them (see {@link ZkLease.GrantWatch}). */
  List<String> children(ZooKeeper zk, String dir, ZkLease.GrantWatch watch)
      throws KeeperException, InterruptedException {
    try {
      return client.send(() -> zk.getChildren(dir, watch));
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    }
  }

  /** Deletes our node; if we cannot tell whether that worked, tries again after reconnecting. */
  void deleteQuietly(String dir, String node, String prefix) {
    try {
      ZooKeeper zk = client.zk();
      client.send(() -> {
        zk.delete(node, -1);
        return null;
      });
    } catch (KeeperException.NoNodeException gone) {
      // fine
    } catch (KeeperException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      addOrphan(dir, prefix);
    } catch (CoordinationException sessionGone) {
      // expired or closed: the node died with the session
    }
  }

  void addOrphan(String dir, String prefix) {
    synchronized (orphans) {
      orphans.add(new String[] {dir, prefix});
    }
    if (client.zkSession().reportedState() == SessionState.CONNECTED && !client.isClosed()) {
      client.executor().execute(this::cleanOrphans); // we may have reconnected already
    }
  }

  /** A node of ours that may or may not still exist. */
  void addOrphan(String node) {
    int slash = node.lastIndexOf('/');
    String child = node.substring(slash + 1);
    addOrphan(node.substring(0, slash), child.substring(0, child.lastIndexOf(LockNodes.LOCK_NAME)
        + LockNodes.LOCK_NAME.length()));
  }

  private void cleanOrphans() {
    List<String[]> todo;
    synchronized (orphans) {
      todo = new ArrayList<>(orphans);
      orphans.clear();
    }
    for (String[] o : todo) {
      try {
        ZooKeeper zk = client.zk();
        for (String child : children(zk, o[0])) {
          if (child.startsWith(o[1])) {
            deleteQuietly(o[0], o[0] + "/" + child, o[1]);
          }
        }
      } catch (KeeperException | InterruptedException | CoordinationException e) {
        synchronized (orphans) {
          orphans.add(o); // retried on the next reconnect; not rescheduled now, which would spin while offline
        }
      }
    }
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
    client.executor().execute(this::cleanOrphans);
  }

  void expired() {
    for (Object o : snapshot()) {
      if (o instanceof ZkLease lease) {
        lease.moveTo(LeaseState.LOST);
      } else if (o instanceof ZkLockAttempt attempt) {
        attempt.fail(client.expiredException());
      }
    }
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
  }
}
