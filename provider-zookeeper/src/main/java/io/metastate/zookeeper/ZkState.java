package io.metastate.zookeeper;

import io.metastate.error.InvalidPathException;
import io.metastate.error.NoNodeException;
import io.metastate.session.Session;
import io.metastate.state.AsyncMetaStateService;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.NodePath;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import io.metastate.state.Stat;
import io.metastate.state.Watch;
import io.metastate.state.WatchListener;
import io.metastate.state.WatchScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.curator.RetryLoop;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZKUtil;
import org.apache.zookeeper.ZooKeeper;

/**
 * Meta-state as znodes under {@code /<namespace>/state}. Stat version = znode version; create/mod revision =
 * czxid/mzxid. Reads are retried after a connection loss under the configured retry policy; writes never are.
 */
final class ZkState implements MetaStateService {
  /** Deletes per multi in a recursive delete: ZooKeeper's CLI default, well under its packet limit. */
  private static final int DELETE_BATCH = 1000;

  private final ZkClient client;
  private final String root;
  private final ZkWatches watches;
  private final ZkMulti multi;
  private final AsyncMetaStateService async;

  ZkState(ZkClient client) {
    this.client = client;
    this.root = client.settings().stateRoot();
    this.watches = new ZkWatches(client, this);
    this.multi = new ZkMulti(client, this);
    this.async = AsyncMetaStateService.onExecutor(this, client.executor());
  }

  String znode(String path) {
    return path.equals("/") ? root : root + path;
  }

  String path(String znode) {
    return znode.length() == root.length() ? "/" : znode.substring(root.length());
  }

  ZkWatches watches() {
    return watches;
  }

  @Override
  public Session session() {
    return client.session();
  }

  private NodePath checkWritable(String path, String what) {
    NodePath p = limits().checkPath(path);
    if (p.isRoot()) {
      throw new InvalidPathException(path, "the root cannot be " + what);
    }
    return p;
  }

  @Override
  public String create(String path, byte[] data, CreateMode mode) {
    NodePath p = limits().checkPath(path);
    byte[] value = limits().checkValue(path, data);
    Objects.requireNonNull(mode, "mode");
    if (p.isRoot()) {
      throw new io.metastate.error.NodeExistsException("/");
    }
    try {
      ZooKeeper zk = client.zk();
      return path(client.send(() -> zk.create(znode(path), value, client.acl(), zkMode(mode))));
    } catch (KeeperException e) {
      throw client.fail(e, e.code() == KeeperException.Code.NONODE ? p.parent().orElseThrow().value() : path, -1);
    } catch (InterruptedException e) {
      throw Errors.interrupted(path, e);
    }
  }

  @Override
  public String createWithParents(String path, byte[] data, CreateMode mode) {
    NodePath p = limits().checkPath(path);
    byte[] value = limits().checkValue(path, data);
    Objects.requireNonNull(mode, "mode");
    if (p.isRoot()) {
      throw new io.metastate.error.NodeExistsException("/");
    }
    ZooKeeper zk = client.zk();
    for (int attempt = 0; ; attempt++) {
      try {
        return path(client.send(() -> zk.create(znode(path), value, client.acl(), zkMode(mode))));
      } catch (KeeperException.NoNodeException e) {
        if (attempt > 10) {
          throw client.fail(e, path, -1); // ancestors keep vanishing under us
        }
        try {
          client.createParents(zk, znode(path), org.apache.zookeeper.CreateMode.PERSISTENT);
        } catch (KeeperException e2) {
          throw client.fail(e2, path, -1);
        } catch (InterruptedException e2) {
          throw Errors.interrupted(path, e2);
        }
      } catch (KeeperException e) {
        throw client.fail(e, path, -1);
      } catch (InterruptedException e) {
        throw Errors.interrupted(path, e);
      }
    }
  }

  @Override
  public Optional<Node> get(String path) {
    limits().checkPath(path);
    return read(path, zk -> {
      org.apache.zookeeper.data.Stat s = new org.apache.zookeeper.data.Stat();
      try {
        byte[] data = zk.getData(znode(path), false, s);
        return Optional.of(new Node(path, data, client.stat(s)));
      } catch (KeeperException.NoNodeException e) {
        return Optional.empty();
      }
    });
  }

  @Override
  public Optional<Stat> exists(String path) {
    limits().checkPath(path);
    return read(path, zk -> Optional.ofNullable(zk.exists(znode(path), false)).map(client::stat));
  }

  @Override
  public Stat set(String path, byte[] data, long expectedVersion) {
    checkWritable(path, "set");
    byte[] value = limits().checkValue(path, data);
    return client.stat(write(path, expectedVersion,
        zk -> zk.setData(znode(path), value, zkVersion(path, expectedVersion))));
  }

  @Override
  public void delete(String path, long expectedVersion) {
    checkWritable(path, "deleted");
    write(path, expectedVersion, zk -> {
      zk.delete(znode(path), zkVersion(path, expectedVersion));
      return null;
    });
  }

  @Override
  public void deleteRecursive(String path) {
    checkWritable(path, "deleted");
    ZooKeeper zk = client.zk();
    String top = znode(path);
    try {
      // ZooKeeper's own recursive delete lists the subtree, then deletes it bottom-up in multi batches; a batch fails
      // as a whole when the subtree changed meanwhile (a node deleted or added by someone else): list again, once.
      for (int attempt = 0; ; attempt++) {
        try {
          if (client.send(() -> ZKUtil.deleteRecursive(zk, top, DELETE_BATCH))) {
            return;
          }
        } catch (KeeperException.NoNodeException e) {
          if (attempt == 0 && top.equals(e.getPath())) {
            throw new NoNodeException(path);
          }
          // a node vanished while we listed the subtree
        }
        if (client.send(() -> zk.exists(top, false)) == null) {
          return; // deleted concurrently: fine
        }
        if (attempt > 0) {
          // Failed twice: let the server say why (children keep appearing: NOTEMPTY; no right to delete: NOAUTH).
          try {
            client.send(() -> {
              zk.delete(top, -1);
              return null;
            });
          } catch (KeeperException.NoNodeException e) {
            // deleted concurrently: fine
          }
          return;
        }
      }
    } catch (KeeperException e) {
      throw client.fail(e, path, -1);
    } catch (InterruptedException e) {
      throw Errors.interrupted(path, e);
    }
  }

  @Override
  public List<String> children(String path) {
    limits().checkPath(path);
    return read(path, zk -> {
      try {
        List<String> names = new ArrayList<>(zk.getChildren(znode(path), false));
        names.sort(null);
        return names;
      } catch (KeeperException.NoNodeException e) {
        throw new NoNodeException(path);
      }
    });
  }

  @Override
  public List<OpResult> multi(List<Op> ops) {
    return multi.apply(ops);
  }

  @Override
  public Watch watch(String path, WatchScope scope, WatchListener listener) {
    limits().checkPath(path);
    return watches.add(path, Objects.requireNonNull(scope, "scope"), Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public AsyncMetaStateService async() {
    return async;
  }

  static org.apache.zookeeper.CreateMode zkMode(CreateMode mode) {
    return switch (mode) {
      case PERSISTENT -> org.apache.zookeeper.CreateMode.PERSISTENT;
      case EPHEMERAL -> org.apache.zookeeper.CreateMode.EPHEMERAL;
      case PERSISTENT_SEQUENTIAL -> org.apache.zookeeper.CreateMode.PERSISTENT_SEQUENTIAL;
      case EPHEMERAL_SEQUENTIAL -> org.apache.zookeeper.CreateMode.EPHEMERAL_SEQUENTIAL;
    };
  }

  /** ZooKeeper versions are ints; a larger expectation can never match. */
  static int zkVersion(String path, long expected) {
    if (expected > Integer.MAX_VALUE) {
      throw new io.metastate.error.BadVersionException(path, expected);
    }
    return (int) expected;
  }

  /** A read, retried after connection loss under the configured policy (reads are idempotent). */
  private <T> T read(String path, ZkCall<T> call) {
    client.zk(); // a closed or expired client fails at once, before the retry loop waits for a connection
    try {
      return RetryLoop.callWithRetry(client.curatorClient(), () -> {
        ZooKeeper zk = client.zk();
        return client.send(() -> call.apply(zk));
      });
    } catch (KeeperException e) {
      throw client.fail(e, path, -1);
    } catch (InterruptedException e) {
      throw Errors.interrupted(path, e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new io.metastate.error.CoordinationException("ZooKeeper read of " + path + " failed: " + e, false, e);
    }
  }

  /** A conditional write, sent once (not retried: after a connection loss its outcome is unknown). */
  private <T> T write(String path, long expectedVersion, ZkCall<T> call) {
    try {
      ZooKeeper zk = client.zk();
      return client.send(() -> call.apply(zk));
    } catch (KeeperException e) {
      throw client.fail(e, path, expectedVersion);
    } catch (InterruptedException e) {
      throw Errors.interrupted(path, e);
    }
  }

  /** One call on the ZooKeeper handle. */
  @FunctionalInterface
  interface ZkCall<T> {
    T apply(ZooKeeper zk) throws KeeperException, InterruptedException;
  }
}
