package io.metastate.zookeeper;

import io.metastate.error.ConfigurationException;
import io.metastate.error.CoordinationException;
import io.metastate.error.InvalidPathException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.TransactionFailedException;
import io.metastate.lock.LockLease;
import io.metastate.state.NodePath;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.zookeeper.KeeperException;

/**
 * {@link io.metastate.state.MetaStateService#multi} as one ZooKeeper multi. {@link Op.LockHeld} becomes a check that
 * the lease's lock node still exists with version 0: lock nodes are never written, and never re-created under the
 * same name (each name carries a random UUID and a sequence number), so the check passes exactly while the lease
 * holds.
 */
final class ZkMulti {
  private final ZkClient client;
  private final ZkState state;

  ZkMulti(ZkClient client, ZkState state) {
    this.client = client;
    this.state = state;
  }

  List<OpResult> apply(List<Op> ops) {
    Objects.requireNonNull(ops, "ops");
    List<org.apache.zookeeper.Op> zkOps = new ArrayList<>(ops.size());
    for (int i = 0; i < ops.size(); i++) {
      zkOps.add(translate(i, Objects.requireNonNull(ops.get(i), "op " + i)));
    }
    if (ops.isEmpty()) {
      client.zk();
      return List.of();
    }
    List<org.apache.zookeeper.OpResult> results;
    try {
      org.apache.zookeeper.ZooKeeper zk = client.zk();
      results = client.send(() -> zk.multi(zkOps));
    } catch (KeeperException e) {
      throw failure(ops, e);
    } catch (InterruptedException e) {
      throw Errors.interrupted("multi", e);
    }
    List<OpResult> out = new ArrayList<>(ops.size());
    for (int i = 0; i < ops.size(); i++) {
      out.add(result(ops.get(i), results.get(i)));
    }
    return out;
  }

  private org.apache.zookeeper.Op translate(int index, Op op) {
    if (op instanceof Op.Check c) {
      return org.apache.zookeeper.Op.check(state.znode(checked(c.path())),
          ZkState.zkVersion(c.path(), c.expectedVersion()));
    }
    if (op instanceof Op.Create c) {
      checkNotRoot(index, c.path());
      return org.apache.zookeeper.Op.create(state.znode(checked(c.path())),
          state.limits().checkValue(c.path(), c.data()), client.acl(), ZkState.zkMode(c.mode()));
    }
    if (op instanceof Op.Set s) {
      checkNotRoot(index, s.path());
      return org.apache.zookeeper.Op.setData(state.znode(checked(s.path())),
          state.limits().checkValue(s.path(), s.data()), ZkState.zkVersion(s.path(), s.expectedVersion()));
    }
    if (op instanceof Op.Delete d) {
      checkNotRoot(index, d.path());
      return org.apache.zookeeper.Op.delete(state.znode(checked(d.path())),
          ZkState.zkVersion(d.path(), d.expectedVersion()));
    }
    ZkLease lease = zkLease(((Op.LockHeld) op).lease());
    if (lease.state().isTerminal()) {
      throw new TransactionFailedException(index, new LeaseLostException(lease.name(), "the lease is " + lease.state()));
    }
    return org.apache.zookeeper.Op.check(lease.node(), 0);
  }

  private String checked(String path) {
    state.limits().checkPath(path);
    return path;
  }

  private static void checkNotRoot(int index, String path) {
    if (NodePath.of(path).isRoot()) {
      throw new InvalidPathException(path, "operation " + index + ": the root cannot be created, set or deleted");
    }
  }

  private static ZkLease zkLease(LockLease lease) {
    if (lease instanceof ZkLease z) {
      return z;
    }
    throw new ConfigurationException("Op.lockHeld got a lease from another provider (" + lease.getClass().getName()
        + "): fenced multi-ops need metastate.lock.provider and metastate.state.provider on one backend"
        + " (both zookeeper, on the same ensemble)");
  }

  private CoordinationException failure(List<Op> ops, KeeperException e) {
    List<org.apache.zookeeper.OpResult> results = e.getResults();
    if (results != null) {
      for (int i = 0; i < results.size() && i < ops.size(); i++) {
        if (results.get(i) instanceof org.apache.zookeeper.OpResult.ErrorResult err
            && err.getErr() != KeeperException.Code.OK.intValue()
            && err.getErr() != KeeperException.Code.RUNTIMEINCONSISTENCY.intValue()) {
          return new TransactionFailedException(i, reason(ops.get(i), KeeperException.Code.get(err.getErr()), e));
        }
      }
    }
    return client.fail(e, "multi", -1); // connection loss, expiry: not about one operation
  }

  private CoordinationException reason(Op op, KeeperException.Code code, KeeperException cause) {
    if (op instanceof Op.LockHeld l) {
      return new LeaseLostException(l.lease().name(),
          "its lock node is gone (" + code + "): released, force-released or its session expired");
    }
    if (op instanceof Op.Check c) {
      return Errors.map(code, c.path(), c.expectedVersion(), cause);
    }
    if (op instanceof Op.Set s) {
      return Errors.map(code, s.path(), s.expectedVersion(), cause);
    }
    if (op instanceof Op.Delete d) {
      return Errors.map(code, d.path(), d.expectedVersion(), cause);
    }
    Op.Create c = (Op.Create) op;
    return Errors.map(code, code == KeeperException.Code.NONODE
        ? NodePath.of(c.path()).parent().orElseThrow().value() : c.path(), -1, cause);
  }

  private OpResult result(Op op, org.apache.zookeeper.OpResult r) {
    if (op instanceof Op.LockHeld) {
      return new OpResult.Checked(null);
    }
    if (op instanceof Op.Check c) {
      return new OpResult.Checked(c.path());
    }
    if (op instanceof Op.Set s) {
      return new OpResult.Updated(s.path(), client.stat(((org.apache.zookeeper.OpResult.SetDataResult) r).getStat()));
    }
    if (op instanceof Op.Delete d) {
      return new OpResult.Deleted(d.path());
    }
    org.apache.zookeeper.OpResult.CreateResult cr = (org.apache.zookeeper.OpResult.CreateResult) r;
    String actual = state.path(cr.getPath());
    org.apache.zookeeper.data.Stat s = cr.getStat();
    return new OpResult.Created(actual, s != null ? client.stat(s) : createdStat(actual));
  }

  /** ZooKeeper's multi answers a plain create without a stat: read it (it may already be newer). */
  private io.metastate.state.Stat createdStat(String path) {
    return state.exists(path).orElseThrow(() -> new io.metastate.error.NoNodeException(path));
  }
}
