package io.metastate.etcd;

import static io.metastate.etcd.Keyspace.bytes;
import static io.metastate.etcd.Keyspace.string;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.metastate.error.CoordinationException;
import io.metastate.error.NoNodeException;
import io.metastate.error.TransactionFailedException;
import io.metastate.state.AsyncMetaStateService;
import io.metastate.state.CreateMode;
import io.metastate.state.Limits;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.NodePath;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import io.metastate.state.Stat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** The meta-state operations, natively asynchronous: many may be in flight on one connection (pipelining). */
final class EtcdAsyncState implements AsyncMetaStateService {
  /** The root's stat: it always exists, and is never written. */
  static final Stat ROOT_STAT = new Stat(0, 1, 1, Stat.NO_OWNER);

  private final EtcdCoordinationClient client;
  private final EtcdState sync;
  private final Limits limits;

  EtcdAsyncState(EtcdCoordinationClient client, EtcdState sync, Limits limits) {
    this.client = client;
    this.sync = sync;
    this.limits = limits;
  }

  private static <T> CompletableFuture<T> guarded(Supplier<CompletableFuture<T>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * A single-op transaction, failing with the op's own reason rather than TransactionFailedException. The op is built
   * inside the guard, so that a malformed path fails the stage instead of throwing (ASYNC-2).
   */
  private CompletableFuture<OpResult> single(Supplier<Op> op) {
    return guarded(() -> {
      client.checkUsable();
      return new Transaction(client, List.of(op.get()), limits).run();
    }).handle((r, e) -> {
      if (e != null) {
        Throwable t = Errors.unwrap(e);
        if (t instanceof TransactionFailedException tf) {
          throw tf.reason();
        }
        throw Errors.map(t, "meta-state operation", Errors.Kind.WRITE);
      }
      return r.get(0);
    });
  }

  @Override
  public CompletableFuture<String> create(String path, byte[] data, CreateMode mode) {
    return single(() -> Op.create(path, data, mode)).thenApply(OpResult::path);
  }

  @Override
  public CompletableFuture<String> createWithParents(String path, byte[] data, CreateMode mode) {
    return create(path, data, mode).exceptionallyCompose(e -> {
      Throwable t = Errors.unwrap(e);
      if (!(t instanceof NoNodeException)) {
        return CompletableFuture.failedFuture(t);
      }
      CompletableFuture<String> chain = CompletableFuture.completedFuture(null);
      NodePath p = limits.checkPath(path);
      for (NodePath ancestor : p.parent().orElseThrow().lineage()) {
        chain = chain.thenCompose(x -> create(ancestor.value(), new byte[0], CreateMode.PERSISTENT)
            .exceptionally(err -> {
              Throwable c = Errors.unwrap(err);
              if (c instanceof io.metastate.error.NodeExistsException) {
                return ancestor.value();
              }
              throw c instanceof CoordinationException ce ? ce : Errors.map(c, "create", Errors.Kind.WRITE);
            }));
      }
      return chain.thenCompose(x -> create(path, data, mode));
    });
  }

  @Override
  public CompletableFuture<Optional<Node>> get(String path) {
    return guarded(() -> {
      client.checkUsable();
      NodePath p = limits.checkPath(path);
      if (p.isRoot()) {
        return CompletableFuture.completedFuture(Optional.of(new Node("/", new byte[0], ROOT_STAT)));
      }
      io.etcd.jetcd.op.Op node = io.etcd.jetcd.op.Op.get(bytes(client.keys().nodeKey(p)), GetOption.DEFAULT);
      io.etcd.jetcd.op.Op meta = io.etcd.jetcd.op.Op.get(bytes(client.keys().metaKey(p)), GetOption.DEFAULT);
      return client.call(client.jetcd().getKVClient().txn().Then(node, meta).commit(), "get " + path,
          Errors.Kind.READ).thenApply(r -> {
            List<KeyValue> kvs = r.getGetResponses().get(0).getKvs();
            if (kvs.isEmpty()) {
              return Optional.<Node>empty();
            }
            List<KeyValue> m = r.getGetResponses().get(1).getKvs();
            return Optional.of(new Node(path, kvs.get(0).getValue().getBytes(),
                stat(kvs.get(0), Transaction.skew(m.isEmpty() ? null : m.get(0)))));
          });
    });
  }

  @Override
  public CompletableFuture<Optional<Stat>> exists(String path) {
    return get(path).thenApply(n -> n.map(Node::stat));
  }

  static Stat stat(KeyValue kv, long skew) {
    return new Stat(kv.getVersion() - 1 + skew, kv.getCreateRevision(), kv.getModRevision(), kv.getLease());
  }

  @Override
  public CompletableFuture<Stat> set(String path, byte[] data, long expectedVersion) {
    return single(() -> Op.set(path, data, expectedVersion)).thenApply(r -> ((OpResult.Updated) r).stat());
  }

  @Override
  public CompletableFuture<Void> delete(String path, long expectedVersion) {
    return single(() -> Op.delete(path, expectedVersion)).thenApply(r -> null);
  }

  @Override
  public CompletableFuture<Void> deleteRecursive(String path) {
    return guarded(() -> {
      NodePath root = limits.checkPath(path);
      return descendants(root).thenCompose(nodes -> {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        // deepest first, so every delete finds its node childless
        for (int i = nodes.size() - 1; i >= 0; i--) {
          NodePath n = nodes.get(i);
          chain = chain.thenCompose(x -> delete(n.value(), Op.ANY_VERSION).exceptionally(e -> {
            Throwable t = Errors.unwrap(e);
            if (t instanceof NoNodeException && !n.equals(root)) {
              return null; // someone else deleted it meanwhile: fine
            }
            throw t instanceof CoordinationException ce ? ce : Errors.map(t, "deleteRecursive", Errors.Kind.WRITE);
          }));
        }
        return chain;
      });
    });
  }

  /** The node and all below it, parents before children. */
  private CompletableFuture<List<NodePath>> descendants(NodePath root) {
    CompletableFuture<List<NodePath>> start = root.isRoot() ? CompletableFuture.completedFuture(new ArrayList<>())
        : exists(root.value()).thenApply(s -> {
          if (s.isEmpty()) {
            throw new NoNodeException(root.value());
          }
          List<NodePath> l = new ArrayList<>();
          l.add(root);
          return l;
        });
    return start.thenCompose(acc -> collect(List.of(root), acc));
  }

  private CompletableFuture<List<NodePath>> collect(List<NodePath> level, List<NodePath> acc) {
    if (level.isEmpty()) {
      return CompletableFuture.completedFuture(acc);
    }
    List<CompletableFuture<List<String>>> reads = new ArrayList<>();
    for (NodePath p : level) {
      reads.add(childNames(p).exceptionally(e -> List.of()));
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenCompose(x -> {
      List<NodePath> next = new ArrayList<>();
      for (int i = 0; i < level.size(); i++) {
        for (String name : reads.get(i).join()) {
          next.add(level.get(i).child(name));
        }
      }
      acc.addAll(next);
      return collect(next, acc);
    });
  }

  @Override
  public CompletableFuture<List<String>> children(String path) {
    return guarded(() -> {
      client.checkUsable();
      NodePath p = limits.checkPath(path);
      return childNames(p);
    });
  }

  /** One range read of the children, with the node itself in the same Txn to tell "none" from "no node". */
  private CompletableFuture<List<String>> childNames(NodePath p) {
    Keyspace ks = client.keys();
    String prefix = ks.childrenPrefix(p);
    io.etcd.jetcd.op.Op kids = io.etcd.jetcd.op.Op.get(bytes(prefix),
        GetOption.builder().isPrefix(true).withKeysOnly(true).build());
    io.etcd.jetcd.op.Op self = io.etcd.jetcd.op.Op.get(bytes(p.isRoot() ? prefix : ks.nodeKey(p)),
        GetOption.builder().withKeysOnly(true).withCountOnly(true).build());
    return client.call(client.jetcd().getKVClient().txn().Then(self, kids).commit(), "children of " + p,
        Errors.Kind.READ).thenApply(r -> {
          List<GetResponse> gets = r.getGetResponses();
          if (!p.isRoot() && gets.get(0).getCount() == 0) {
            throw new NoNodeException(p.value());
          }
          List<String> names = new ArrayList<>();
          for (KeyValue kv : gets.get(1).getKvs()) {
            names.add(string(kv.getKey()).substring(prefix.length()));
          }
          names.sort(null);
          return names;
        });
  }

  @Override
  public CompletableFuture<List<OpResult>> multi(List<Op> ops) {
    return guarded(() -> {
      client.checkUsable();
      return new Transaction(client, ops, limits).run();
    }).handle((r, e) -> {
      if (e != null) {
        throw Errors.map(e, "multi", Errors.Kind.WRITE);
      }
      return r;
    });
  }

  @Override
  public MetaStateService synchronous() {
    return sync;
  }

  static <T> CompletionStage<T> stage(CompletableFuture<T> f) {
    return f;
  }
}
