package io.metastate.etcd;

import static io.metastate.etcd.EtcdCoordinationClient.await;

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
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The synchronous meta-state service: each call waits on its asynchronous twin. */
final class EtcdState implements MetaStateService {
  private final EtcdCoordinationClient client;
  private final EtcdAsyncState async;
  private final EtcdWatches watches;

  EtcdState(EtcdCoordinationClient client) {
    this.client = client;
    this.async = new EtcdAsyncState(client, this, Limits.DEFAULT);
    this.watches = new EtcdWatches(client);
  }

  @Override
  public Session session() {
    return client.session();
  }

  @Override
  public String create(String path, byte[] data, CreateMode mode) {
    return await(async.create(path, data, mode));
  }

  @Override
  public String createWithParents(String path, byte[] data, CreateMode mode) {
    return await(async.createWithParents(path, data, mode));
  }

  @Override
  public Optional<Node> get(String path) {
    return await(async.get(path));
  }

  @Override
  public Optional<Stat> exists(String path) {
    return await(async.exists(path));
  }

  @Override
  public Stat set(String path, byte[] data, long expectedVersion) {
    return await(async.set(path, data, expectedVersion));
  }

  @Override
  public void delete(String path, long expectedVersion) {
    await(async.delete(path, expectedVersion));
  }

  @Override
  public void deleteRecursive(String path) {
    await(async.deleteRecursive(path));
  }

  @Override
  public List<String> children(String path) {
    return await(async.children(path));
  }

  @Override
  public List<OpResult> multi(List<Op> ops) {
    return await(async.multi(ops));
  }

  @Override
  public Watch watch(String path, WatchScope scope, WatchListener listener) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(listener, "listener");
    NodePath p = Limits.DEFAULT.checkPath(path);
    client.checkUsable();
    return watches.open(p, scope, listener);
  }

  @Override
  public AsyncMetaStateService async() {
    return async;
  }

  void closeWatches() {
    watches.closeAll();
  }
}
