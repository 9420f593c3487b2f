package io.metastate.postgresql;

import io.metastate.error.CoordinationException;
import io.metastate.error.InvalidPathException;
import io.metastate.error.TransactionFailedException;
import io.metastate.session.Session;
import io.metastate.state.AsyncMetaStateService;
import io.metastate.state.CreateMode;
import io.metastate.state.Limits;
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
 * The meta-state service of one client: arguments validated before anything is sent, reads auto-committed, every
 * write one transaction through {@link PgClient#write}.
 */
final class PgMetaState implements MetaStateService {
  /** What {@link #limits()} declares (the interface's default), named for the checks. */
  static final Limits LIMITS = Limits.DEFAULT;

  private final PgClient client;
  private final Nodes nodes;
  private final AsyncMetaStateService async;

  PgMetaState(PgClient client, Nodes nodes) {
    this.client = client;
    this.nodes = nodes;
    this.async = AsyncMetaStateService.onExecutor(this, client.tasks());
  }

  @Override
  public Session session() {
    return client.session();
  }

  @Override
  public String create(String path, byte[] data, CreateMode mode) {
    NodePath p = LIMITS.checkPath(path);
    byte[] value = LIMITS.checkValue(path, data).clone();
    Objects.requireNonNull(mode, "mode");
    return client.write("create " + path, (c, changes) ->
        nodes.create(c, changes, client.sessionId(), p, value, mode).path());
  }

  @Override
  public String createWithParents(String path, byte[] data, CreateMode mode) {
    NodePath p = LIMITS.checkPath(path);
    byte[] value = LIMITS.checkValue(path, data).clone();
    Objects.requireNonNull(mode, "mode");
    return client.write("create " + path, (c, changes) -> {
      for (NodePath ancestor : p.parent().orElseThrow().lineage()) {
        if (!ancestor.isRoot() && nodes.find(c, ancestor.value()).isEmpty()) {
          nodes.create(c, changes, client.sessionId(), ancestor, new byte[0], CreateMode.PERSISTENT);
        }
      }
      return nodes.create(c, changes, client.sessionId(), p, value, mode).path();
    });
  }

  @Override
  public Optional<Node> get(String path) {
    NodePath p = LIMITS.checkPath(path);
    return client.read("get " + path, c -> nodes.find(c, p.value()))
        .map(r -> new Node(p.value(), r.data(), r.stat()));
  }

  @Override
  public Optional<Stat> exists(String path) {
    NodePath p = LIMITS.checkPath(path);
    return client.read("exists " + path, c -> nodes.find(c, p.value())).map(NodeRow::stat);
  }

  @Override
  public Stat set(String path, byte[] data, long expectedVersion) {
    NodePath p = LIMITS.checkPath(path);
    byte[] value = LIMITS.checkValue(path, data).clone();
    checkVersion(expectedVersion);
    Optional<Stat> done = client.writeStatement("set " + path, c -> nodes.trySet(c, p, value, expectedVersion));
    if (done.isPresent()) {
      return done.get();
    }
    return client.write("set " + path, (c, changes) -> nodes.set(c, changes, p, value, expectedVersion).stat());
  }

  @Override
  public void delete(String path, long expectedVersion) {
    NodePath p = LIMITS.checkPath(path);
    checkVersion(expectedVersion);
    client.write("delete " + path, (c, changes) -> nodes.delete(c, changes, p, expectedVersion));
  }

  @Override
  public void deleteRecursive(String path) {
    NodePath p = LIMITS.checkPath(path);
    if (p.isRoot()) {
      throw new InvalidPathException("/", "the root cannot be deleted; delete its children one by one");
    }
    client.write("delete " + path + " recursively", (c, changes) -> {
      nodes.deleteSubtree(c, changes, p);
      return null;
    });
  }

  @Override
  public List<String> children(String path) {
    NodePath p = LIMITS.checkPath(path);
    return client.read("children of " + path, c -> nodes.children(c, p));
  }

  @Override
  public List<OpResult> multi(List<Op> ops) {
    Objects.requireNonNull(ops, "ops");
    for (int i = 0; i < ops.size(); i++) {
      Op op = Objects.requireNonNull(ops.get(i), "ops[" + i + "]");
      if (op instanceof Op.LockHeld held) {
        client.lockCheck().checkOurs(held.lease());
      } else {
        LIMITS.checkPath(op.path());
      }
      if (op instanceof Op.Create c) {
        LIMITS.checkValue(c.path(), c.data());
      } else if (op instanceof Op.Set s) {
        LIMITS.checkValue(s.path(), s.data());
      }
    }
    return client.write("multi of " + ops.size() + " operations", (c, changes) -> {
      List<OpResult> results = new ArrayList<>(ops.size());
      for (int i = 0; i < ops.size(); i++) {
        try {
          results.add(apply(c, changes, ops.get(i)));
        } catch (TransactionFailedException e) {
          throw e;
        } catch (CoordinationException e) {
          throw new TransactionFailedException(i, e);
        }
      }
      return List.copyOf(results);
    });
  }

  private OpResult apply(java.sql.Connection c, Changes changes, Op op) throws java.sql.SQLException {
    if (op instanceof Op.Check k) {
      return nodes.check(c, NodePath.of(k.path()), k.expectedVersion());
    } else if (op instanceof Op.Create k) {
      return nodes.create(c, changes, client.sessionId(), NodePath.of(k.path()), k.data(), k.mode());
    } else if (op instanceof Op.Set k) {
      return nodes.set(c, changes, NodePath.of(k.path()), k.data(), k.expectedVersion());
    } else if (op instanceof Op.Delete k) {
      return nodes.delete(c, changes, NodePath.of(k.path()), k.expectedVersion());
    }
    client.lockCheck().checkHeld(c, ((Op.LockHeld) op).lease());
    return new OpResult.Checked(null);
  }

  private static void checkVersion(long expectedVersion) {
    if (expectedVersion < Op.ANY_VERSION) {
      throw new IllegalArgumentException("expected version must be >= 0 or ANY_VERSION (-1), was " + expectedVersion);
    }
  }

  @Override
  public Watch watch(String path, WatchScope scope, WatchListener listener) {
    NodePath p = LIMITS.checkPath(path);
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(listener, "listener");
    client.checkUsable();
    return client.watches().register(p, scope, listener);
  }

  @Override
  public AsyncMetaStateService async() {
    return async;
  }

}
