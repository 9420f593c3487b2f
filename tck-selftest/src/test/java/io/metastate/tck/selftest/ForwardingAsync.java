package io.metastate.tck.selftest;

import io.metastate.provider.support.DaemonThreads;
import io.metastate.state.AsyncMetaStateService;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import io.metastate.state.Stat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** The async view of a (decorated) service, forwarding every call; mutants override one. */
class ForwardingAsync implements AsyncMetaStateService {
  private static final java.util.concurrent.ExecutorService POOL = DaemonThreads.cachedPool("mutant-async");

  private final MetaStateService sync;
  private final AsyncMetaStateService delegate;

  ForwardingAsync(MetaStateService sync) {
    this.sync = sync;
    this.delegate = AsyncMetaStateService.onExecutor(sync, POOL);
  }

  @Override
  public CompletionStage<String> create(String path, byte[] data, CreateMode mode) {
    return delegate.create(path, data, mode);
  }

  @Override
  public CompletionStage<String> createWithParents(String path, byte[] data, CreateMode mode) {
    return delegate.createWithParents(path, data, mode);
  }

  @Override
  public CompletionStage<Optional<Node>> get(String path) {
    return delegate.get(path);
  }

  @Override
  public CompletionStage<Optional<Stat>> exists(String path) {
    return delegate.exists(path);
  }

  @Override
  public CompletionStage<Stat> set(String path, byte[] data, long expectedVersion) {
    return delegate.set(path, data, expectedVersion);
  }

  @Override
  public CompletionStage<Void> delete(String path, long expectedVersion) {
    return delegate.delete(path, expectedVersion);
  }

  @Override
  public CompletionStage<Void> deleteRecursive(String path) {
    return delegate.deleteRecursive(path);
  }

  @Override
  public CompletionStage<List<String>> children(String path) {
    return delegate.children(path);
  }

  @Override
  public CompletionStage<List<OpResult>> multi(List<Op> ops) {
    return delegate.multi(ops);
  }

  @Override
  public MetaStateService synchronous() {
    return sync;
  }
}
