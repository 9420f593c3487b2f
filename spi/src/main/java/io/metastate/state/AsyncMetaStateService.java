package io.metastate.state;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The asynchronous view of a {@link MetaStateService}: same semantics, results as {@link CompletionStage}s. Each
 * asynchronous operation completes with what its synchronous twin returns, and its writes are visible to the
 * synchronous view. [ASYNC-1] Each asynchronous operation fails with the exception type its synchronous twin throws,
 * as the failure of its stage: no method of this view throws, not even for a malformed path. [ASYNC-2] Several calls
 * may be in flight at once: every one of them completes, and every write among them is applied. [ASYNC-3] Each
 * completes when its write is acknowledged.
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

  /** The synchronous view of the same service. The synchronous view reads what this view wrote. [ASYNC-4] */
  MetaStateService synchronous();

  /**
   * An asynchronous view that runs each call of {@code sync} on {@code executor}: for providers whose backend is
   * synchronous (the local-file store), where concurrency comes from group commit, not from the wire.
   */
  static AsyncMetaStateService onExecutor(MetaStateService sync, Executor executor) {
    return new ExecutorAsyncMetaState(sync, executor);
  }
}
