package io.metastate.tck.selftest;

import io.metastate.session.Session;
import io.metastate.state.AsyncMetaStateService;
import io.metastate.state.CreateMode;
import io.metastate.state.Limits;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import io.metastate.state.Stat;
import io.metastate.state.Watch;
import io.metastate.state.WatchListener;
import io.metastate.state.WatchScope;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * Forwards every call; broken variants override one behaviour. The async view runs this (decorated) service on a
 * pool, so a breakage shows in both forms; lock-check ops get the provider's own lease back.
 */
class ForwardingState implements MetaStateService {
  private static final ExecutorService ASYNC = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "broken-async");
    t.setDaemon(true);
    return t;
  });

  final MetaStateService delegate;

  ForwardingState(MetaStateService delegate) {
    this.delegate = delegate;
  }

  @Override
  public Session session() {
    return delegate.session();
  }

  @Override
  public Limits limits() {
    return delegate.limits();
  }

  @Override
  public String create(String path, byte[] data, CreateMode mode) {
    return delegate.create(path, data, mode);
  }

  @Override
  public String createWithParents(String path, byte[] data, CreateMode mode) {
    return delegate.createWithParents(path, data, mode);
  }

  @Override
  public Optional<Node> get(String path) {
    return delegate.get(path);
  }

  @Override
  public Optional<Stat> exists(String path) {
    return delegate.exists(path);
  }

  @Override
  public Stat set(String path, byte[] data, long expectedVersion) {
    return delegate.set(path, data, expectedVersion);
  }

  @Override
  public void delete(String path, long expectedVersion) {
    delegate.delete(path, expectedVersion);
  }

  @Override
  public void deleteRecursive(String path) {
    delegate.deleteRecursive(path);
  }

  @Override
  public List<String> children(String path) {
    return delegate.children(path);
  }

  @Override
  public List<OpResult> multi(List<Op> ops) {
    return delegate.multi(ops.stream().map(ForwardingState::unwrapLease).toList());
  }

  static Op unwrapLease(Op op) {
    return op instanceof Op.LockHeld held ? Op.lockHeld(ForwardingLease.unwrap(held.lease())) : op;
  }

  @Override
  public Watch watch(String path, WatchScope scope, WatchListener listener) {
    return delegate.watch(path, scope, listener);
  }

  @Override
  public AsyncMetaStateService async() {
    return AsyncMetaStateService.onExecutor(this, ASYNC);
  }
}
