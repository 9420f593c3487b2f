package io.metastate.state;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** Runs a synchronous service's calls on an executor. */
final class ExecutorAsyncMetaState implements AsyncMetaStateService {
  private final MetaStateService sync;
  private final Executor executor;

  ExecutorAsyncMetaState(MetaStateService sync, Executor executor) {
    this.sync = Objects.requireNonNull(sync, "sync");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  private <T> CompletionStage<T> run(Supplier<T> call) {
    return CompletableFuture.supplyAsync(call, executor);
  }

  @Override
  public CompletionStage<String> create(String path, byte[] data, CreateMode mode) {
    return run(() -> sync.create(path, data, mode));
  }

  @Override
  public CompletionStage<String> createWithParents(String path, byte[] data, CreateMode mode) {
    return run(() -> sync.createWithParents(path, data, mode));
  }

  @Override
  public CompletionStage<Optional<Node>> get(String path) {
    return run(() -> sync.get(path));
  }

  @Override
  public CompletionStage<Optional<Stat>> exists(String path) {
    return run(() -> sync.exists(path));
  }

  @Override
  public CompletionStage<Stat> set(String path, byte[] data, long expectedVersion) {
    return run(() -> sync.set(path, data, expectedVersion));
  }

  @Override
  public CompletionStage<Void> delete(String path, long expectedVersion) {
    return run(() -> {
      sync.delete(path, expectedVersion);
      return null;
    });
  }

  @Override
  public CompletionStage<Void> deleteRecursive(String path) {
    return run(() -> {
      sync.deleteRecursive(path);
      return null;
    });
  }

  @Override
  public CompletionStage<List<String>> children(String path) {
    return run(() -> sync.children(path));
  }

  @Override
  public CompletionStage<List<OpResult>> multi(List<Op> ops) {
    return run(() -> sync.multi(ops));
  }

  @Override
  public MetaStateService synchronous() {
    return sync;
  }
}
