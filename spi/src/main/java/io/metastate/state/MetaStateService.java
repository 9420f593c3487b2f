package io.metastate.state;

import io.metastate.session.Session;
import java.util.List;
import java.util.Optional;

/**
 * A tree of nodes addressed by paths, ZooKeeper-shaped (rDSN's {@code meta_state_service}).
 *
 * <p>Contract every provider honours (the TCK checks each line):
 * <ul>
 *   <li>Paths are validated ({@link NodePath}); a bad path or an oversized value fails before anything is sent.
 *   <li>A node's {@link Stat#version() version} starts at 0 and grows by one per set; revisions are global and
 *       monotonic, and survive restarts.
 *   <li>A parent must exist before its child is created (or use {@link #createWithParents}); ephemeral nodes
 *       belong to the {@linkplain #session() session} and have no children.
 *   <li>{@link #multi(List)} applies all operations or none.
 *   <li>Watches deliver events in revision order, none skipped, or an explicit {@link WatchEvent.Type#RESYNC}.
 *   <li>Every acknowledged write is durable (for the local-file provider: committed and synced to disk).
 * </ul>
 * Absence is a value: {@link #get} and {@link #exists} return empty for a missing node. Every method has an
 * asynchronous twin on {@link #async()}.
 */
public interface MetaStateService {
  /** Use as an expected version to skip the version check. */
  long ANY_VERSION = Op.ANY_VERSION;

  /** The session that owns the ephemeral nodes created here. */
  Session session();

  /** What this provider accepts. */
  Limits limits();

  /**
   * Creates a node. The parent must exist and must not be ephemeral.
   *
   * @return the actual path (differs from {@code path} for sequential modes)
   * @throws io.metastate.error.NodeExistsException if the path exists
   * @throws io.metastate.error.NoNodeException if the parent does not exist
   * @throws io.metastate.error.NoChildrenForEphemeralsException if the parent is ephemeral
   */
  String create(String path, byte[] data, CreateMode mode);

  /**
   * Creates a node, first creating any missing ancestors as empty persistent nodes. Ancestors created concurrently
   * by others are fine; the node itself must not exist.
   *
   * @return the actual path
   * @throws io.metastate.error.NodeExistsException if the path itself exists
   */
  String createWithParents(String path, byte[] data, CreateMode mode);

  /** Reads a node's data and stat, or empty if it does not exist. */
  Optional<Node> get(String path);

  /** Reads a node's stat, or empty if it does not exist. */
  Optional<Stat> exists(String path);

  /**
   * Replaces a node's data if its version is {@code expectedVersion} ({@link #ANY_VERSION}: unconditionally).
   *
   * @return the new stat, whose version is one more than before
   * @throws io.metastate.error.BadVersionException if the version differs
   * @throws io.metastate.error.NoNodeException if the node does not exist
   */
  Stat set(String path, byte[] data, long expectedVersion);

  /**
   * Deletes a childless node if its version is {@code expectedVersion} ({@link #ANY_VERSION}: unconditionally).
   *
   * @throws io.metastate.error.NoNodeException if the node does not exist
   * @throws io.metastate.error.BadVersionException if the version differs
   * @throws io.metastate.error.NotEmptyException if it has children
   */
  void delete(String path, long expectedVersion);

  /**
   * Deletes a node and everything below it. Not atomic on every backend: a child created concurrently may make it
   * fail with {@link io.metastate.error.NotEmptyException}, after which part of the subtree may be gone.
   *
   * @throws io.metastate.error.NoNodeException if the node does not exist
   */
  void deleteRecursive(String path);

  /**
   * The names (last segments, not paths) of a node's children, sorted.
   *
   * @throws io.metastate.error.NoNodeException if the node does not exist
   */
  List<String> children(String path);

  /**
   * Applies the operations atomically: all of them, or none.
   *
   * @return one result per operation, in order
   * @throws io.metastate.error.TransactionFailedException naming the first failing operation and why
   */
  List<OpResult> multi(List<Op> ops);

  /**
   * Registers a persistent watch. Events for changes committed after this call returns are delivered, in revision
   * order, on the client's event thread. The node need not exist.
   */
  Watch watch(String path, WatchScope scope, WatchListener listener);

  /** The same operations, returning {@link java.util.concurrent.CompletionStage}s. */
  AsyncMetaStateService async();
}
