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
 *   <li>A node's version is 0 when it is created and grows by exactly one with every set. [STATE-1] Revisions are
 *       provider-global and monotonic: every write gets a higher modRevision than every write acknowledged before
 *       it. [STATE-2] Revisions keep growing across a backend restart. [STATE-3]
 *   <li>A parent must exist before its child is created (or use {@link #createWithParents}); ephemeral nodes
 *       belong to the {@linkplain #session() session} and have no children.
 *   <li>{@link #multi(List)} applies all operations or none.
 *   <li>Watches deliver events in revision order, none skipped, or an explicit {@link WatchEvent.Type#RESYNC}.
 *   <li>Every acknowledged write is durable: it is there, with its data and stat, for every client after a backend
 *       restart, and for another client at once. [STATE-4]
 * </ul>
 * Absence is a value: get and exists return empty for a missing node, and never throw for it. [STATE-5] Every
 * method has an asynchronous twin on {@link #async()}.
 */
public interface MetaStateService {
  /** Use as an expected version to skip the version check. */
  long ANY_VERSION = Op.ANY_VERSION;

  /** The session that owns the ephemeral nodes created here. */
  Session session();

  /** What this provider accepts: {@link Limits#DEFAULT} unless the provider declares other limits. */
  default Limits limits() {
    return Limits.DEFAULT;
  }

  /**
   * Creates a node. The parent must exist and must not be ephemeral. create returns the path of the new node: the
   * given path, or for a sequential mode the given path with its suffix. [STATE-6] A create of an existing path throws
   * NodeExistsException and leaves the node unchanged. [STATE-7] A create under a missing parent throws
   * NoNodeException and creates nothing. [STATE-8] A create under an ephemeral parent, by create or
   * createWithParents, throws NoChildrenForEphemeralsException. [STATE-9]
   *
   * @return the actual path (differs from {@code path} for sequential modes)
   * @throws io.metastate.error.NodeExistsException if the path exists
   * @throws io.metastate.error.NoNodeException if the parent does not exist
   * @throws io.metastate.error.NoChildrenForEphemeralsException if the parent is ephemeral
   */
  String create(String path, byte[] data, CreateMode mode);

  /**
   * Creates a node, first creating any missing ancestors. createWithParents creates missing ancestors as empty
   * persistent nodes, and leaves existing ancestors as they are. [STATE-10] Ancestors created concurrently by others are fine: several clients creating different
   * nodes below the same missing ancestors all succeed. [STATE-11] The node itself must not exist:
   * createWithParents of an existing path throws NodeExistsException. [STATE-12]
   *
   * @return the actual path
   * @throws io.metastate.error.NodeExistsException if the path itself exists
   */
  String createWithParents(String path, byte[] data, CreateMode mode);

  /**
   * Reads a node's data and stat, or empty if it does not exist. get returns the data last written (null written as
   * empty) and the same stat as exists. [STATE-13]
   */
  Optional<Node> get(String path);

  /** Reads a node's stat, or empty if it does not exist. */
  Optional<Stat> exists(String path);

  /**
   * Replaces a node's data if its version is {@code expectedVersion} ({@link #ANY_VERSION}: unconditionally). set
   * with the current version or ANY_VERSION replaces the data and returns the new stat, with the same createRevision
   * and a higher modRevision. [STATE-14] set with another version throws BadVersionException and changes nothing.
   * [STATE-15] set of a missing node throws NoNodeException and creates nothing. [STATE-16]
   *
   * @return the new stat, whose version is one more than before
   * @throws io.metastate.error.BadVersionException if the version differs
   * @throws io.metastate.error.NoNodeException if the node does not exist
   */
  Stat set(String path, byte[] data, long expectedVersion);

  /**
   * Deletes a childless node if its version is {@code expectedVersion} ({@link #ANY_VERSION}: unconditionally).
   * delete with the current version or ANY_VERSION removes the node. [STATE-17] delete throws NoNodeException for a
   * missing node, BadVersionException for another version, NotEmptyException for a node with children, and changes
   * nothing. [STATE-18]
   *
   * @throws io.metastate.error.NoNodeException if the node does not exist
   * @throws io.metastate.error.BadVersionException if the version differs
   * @throws io.metastate.error.NotEmptyException if it has children
   */
  void delete(String path, long expectedVersion);

  /**
   * Deletes a node and everything below it. deleteRecursive deletes the node and all its descendants, ephemeral ones
   * included, and nothing beside them; it throws NoNodeException for a missing node. [STATE-19] Not atomic on every backend: a child created concurrently may make it
   * fail with {@link io.metastate.error.NotEmptyException}, after which part of the subtree may be gone.
   *
   * @throws io.metastate.error.NoNodeException if the node does not exist
   */
  void deleteRecursive(String path);

  /**
   * The names (last segments, not paths) of a node's children, sorted. children returns the names of the direct
   * children only, in String order, and an empty list for a leaf. [STATE-20] children of a missing node throws
   * NoNodeException. [STATE-21]
   *
   * @throws io.metastate.error.NoNodeException if the node does not exist
   */
  List<String> children(String path);

  /**
   * Applies the operations atomically: all of them, or none. When multi throws, none of its operations was applied.
   * [OP-1] multi returns one result per operation, in the order of the operations. [OP-2] Each operation sees the
   * effects of the operations before it in the list. [OP-3] A rejected transaction throws TransactionFailedException
   * with the index of the first failing operation and the exception it would have thrown alone as its reason. [OP-4]
   *
   * @return one result per operation, in order
   * @throws io.metastate.error.TransactionFailedException naming the first failing operation and why
   */
  List<OpResult> multi(List<Op> ops);

  /**
   * Registers a persistent watch. Events for changes committed after this call returns are delivered, in revision
   * order, on the client's event thread. A watch may be registered on a path that does not exist yet, and sees its
   * creation. [WATCH-1]
   */
  Watch watch(String path, WatchScope scope, WatchListener listener);

  /** The same operations, returning {@link java.util.concurrent.CompletionStage}s. */
  AsyncMetaStateService async();
}
