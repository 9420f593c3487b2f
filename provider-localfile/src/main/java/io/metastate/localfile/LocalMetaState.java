package io.metastate.localfile;

import io.metastate.error.ConfigurationException;
import io.metastate.error.CoordinationException;
import io.metastate.error.InvalidPathException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.NoNodeException;
import io.metastate.error.TransactionFailedException;
import io.metastate.lock.LockLease;
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

/**
 * The meta-state service of one client. Every argument is validated against {@link Store#LIMITS} before the store is
 * touched; every write returns only once durable.
 */
final class LocalMetaState implements MetaStateService {
  private final LocalSession session;
  private final Store store;
  private final AsyncMetaStateService async;

  LocalMetaState(LocalSession session, Store store) {
    this.session = session;
    this.store = store;
    this.async = AsyncMetaStateService.onExecutor(this, store.asyncExecutor());
  }

  @Override
  public Session session() {
    return session;
  }

  @Override
  public String create(String path, byte[] data, CreateMode mode) {
    NodePath p = Store.LIMITS.checkPath(path);
    byte[] value = Store.LIMITS.checkValue(path, data).clone();
    Objects.requireNonNull(mode, "mode");
    return store.write(session, false, txn -> txn.create(p, value, mode).path());
  }

  @Override
  public String createWithParents(String path, byte[] data, CreateMode mode) {
    NodePath p = Store.LIMITS.checkPath(path);
    byte[] value = Store.LIMITS.checkValue(path, data).clone();
    Objects.requireNonNull(mode, "mode");
    return store.write(session, false, txn -> {
      for (NodePath ancestor : p.parent().orElseThrow().lineage()) {
        if (txn.read(ancestor) == null) {
          txn.create(ancestor, new byte[0], CreateMode.PERSISTENT);
        }
      }
      return txn.create(p, value, mode).path();
    });
  }

  @Override
  public Optional<Node> get(String path) {
    NodePath p = Store.LIMITS.checkPath(path);
    return store.read(session, tree -> Optional.ofNullable(tree.read(p))
        .map(r -> new Node(p.value(), r.data(), r.stat())));
  }

  @Override
  public Optional<Stat> exists(String path) {
    NodePath p = Store.LIMITS.checkPath(path);
    return store.read(session, tree -> Optional.ofNullable(tree.read(p)).map(NodeRecord::stat));
  }

  @Override
  public Stat set(String path, byte[] data, long expectedVersion) {
    NodePath p = Store.LIMITS.checkPath(path);
    byte[] value = Store.LIMITS.checkValue(path, data).clone();
    checkVersion(expectedVersion);
    return store.write(session, false, txn -> txn.set(p, value, expectedVersion).stat());
  }

  @Override
  public void delete(String path, long expectedVersion) {
    NodePath p = Store.LIMITS.checkPath(path);
    checkVersion(expectedVersion);
    store.write(session, false, txn -> txn.delete(p, expectedVersion));
  }

  @Override
  public void deleteRecursive(String path) {
    NodePath p = Store.LIMITS.checkPath(path);
    if (p.isRoot()) {
      throw new InvalidPathException("/", "the root cannot be deleted; delete its children one by one");
    }
    store.write(session, false, txn -> {
      if (txn.read(p) == null) {
        throw new NoNodeException(p.value());
      }
      deleteSubtree(txn, p);
      return null;
    });
  }

  private static void deleteSubtree(Transaction txn, NodePath p) {
    for (String child : txn.childNames(p)) {
      deleteSubtree(txn, p.child(child));
    }
    txn.delete(p, Op.ANY_VERSION);
  }

  @Override
  public List<String> children(String path) {
    NodePath p = Store.LIMITS.checkPath(path);
    return store.read(session, tree -> {
      if (tree.read(p) == null) {
        throw new NoNodeException(p.value());
      }
      return tree.childNames(p);
    });
  }

  @Override
  public List<OpResult> multi(List<Op> ops) {
    Objects.requireNonNull(ops, "ops");
    boolean fenced = false;
    for (int i = 0; i < ops.size(); i++) {
      Op op = Objects.requireNonNull(ops.get(i), "ops[" + i + "]");
      if (op instanceof Op.LockHeld held) {
        checkOurs(held.lease());
        fenced = true;
      } else {
        Store.LIMITS.checkPath(op.path());
      }
      if (op instanceof Op.Create c) {
        Store.LIMITS.checkValue(c.path(), c.data());
      } else if (op instanceof Op.Set s) {
        Store.LIMITS.checkValue(s.path(), s.data());
      }
    }
    return store.write(session, fenced, txn -> {
      List<OpResult> results = new ArrayList<>(ops.size());
      for (int i = 0; i < ops.size(); i++) {
        try {
          results.add(apply(txn, ops.get(i)));
        } catch (TransactionFailedException e) {
          throw e;
        } catch (CoordinationException e) {
          throw new TransactionFailedException(i, e);
        }
      }
      return List.copyOf(results);
    });
  }

  private OpResult apply(Transaction txn, Op op) {
    if (op instanceof Op.Check c) {
      return txn.check(NodePath.of(c.path()), c.expectedVersion());
    } else if (op instanceof Op.Create c) {
      return txn.create(NodePath.of(c.path()), c.data(), c.mode());
    } else if (op instanceof Op.Set s) {
      return txn.set(NodePath.of(s.path()), s.data(), s.expectedVersion());
    } else if (op instanceof Op.Delete d) {
      return txn.delete(NodePath.of(d.path()), d.expectedVersion());
    } else {
      LocalLease lease = (LocalLease) ((Op.LockHeld) op).lease();
      if (!store.locks().holds(lease)) {
        throw new LeaseLostException(lease.name(), "the lease is " + lease.state() + " (token "
            + lease.token().value() + "); acquire the lock again");
      }
      return new OpResult.Checked(null);
    }
  }

  private void checkOurs(LockLease lease) {
    if (!(lease instanceof LocalLease local)) {
      throw new ConfigurationException("Op.lockHeld got a lease from another provider (" + lease.getClass().getName()
          + "): fenced multi-ops need metastate.lock.provider and metastate.state.provider on one backend"
          + " (here: localfile)");
    }
    if (local.table() != store.locks()) {
      throw new ConfigurationException("Op.lockHeld got a lease from another local-file store than "
          + store.directory() + ": fenced multi-ops need the lock and the state on one store directory");
    }
  }

  private static void checkVersion(long expectedVersion) {
    if (expectedVersion < Op.ANY_VERSION) {
      throw new IllegalArgumentException("expected version must be >= 0 or ANY_VERSION (-1), was " + expectedVersion);
    }
  }

  @Override
  public Watch watch(String path, WatchScope scope, WatchListener listener) {
    NodePath p = Store.LIMITS.checkPath(path);
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(listener, "listener");
    return store.watch(session, p, scope, listener);
  }

  @Override
  public AsyncMetaStateService async() {
    return async;
  }
}
