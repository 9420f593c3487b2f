package io.metastate.tck.selftest;

import io.metastate.state.AsyncMetaStateService;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import io.metastate.state.Stat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** An async view whose multi runs on the caller's thread and throws a rejection instead of failing the stage. */
final class ThrowingAsyncState implements AsyncMetaStateService {
  private final AsyncMetaStateService delegate;

  ThrowingAsyncState(AsyncMetaStateService delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletionStage<List<OpResult>> multi(List<Op> ops) {
    return CompletableFuture.completedFuture(delegate.synchronous().multi(ops));
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
  public MetaStateService synchronous() {
    return delegate.synchronous();
  }
}
