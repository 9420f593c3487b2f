package io.metastate.state;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The asynchronous view of a {@link MetaStateService}: same semantics, results as {@link CompletionStage}s that
 * complete exceptionally with the same {@link io.metastate.error.CoordinationException}s. Several calls may be in
 * flight at once (pipelining); each completes when its write is acknowledged.
 */
public interface AsyncMetaStateService {
  /** @see MetaStateService#create */
  CompletionStage<String> create(String path, byte[] data, CreateMode mode);

  /** @see MetaStateService#createWithParents */
  CompletionStage<String> createWithParents(String path, byte[] data, CreateMode mode);

  /** @see MetaStateService#get */
  CompletionStage<Optional<Node>> get(String path);

  /** @see MetaStateService#exists */
  CompletionStage<Optional<Stat>> exists(String path);

  /** @see MetaStateService#set */
  CompletionStage<Stat> set(String path, byte[] data, long expectedVersion);

  /** @see MetaStateService#delete */
  CompletionStage<Void> delete(String path, long expectedVersion);

  /** @see MetaStateService#deleteRecursive */
  CompletionStage<Void> deleteRecursive(String path);

  /** @see MetaStateService#children */
  CompletionStage<List<String>> children(String path);

  /** @see MetaStateService#multi */
  CompletionStage<List<OpResult>> multi(List<Op> ops);

  /** The synchronous view of the same service. */
  MetaStateService synchronous();

  /**
   * An asynchronous view that runs each call of {@code sync} on {@code executor}: for providers whose backend is
   * synchronous (the local-file store), where concurrency comes from group commit, not from the wire.
   */
  static AsyncMetaStateService onExecutor(MetaStateService sync, Executor executor) {
    return new ExecutorAsyncMetaState(sync, executor);
  }
}
