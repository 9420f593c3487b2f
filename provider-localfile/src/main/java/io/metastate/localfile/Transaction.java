package io.metastate.localfile;

import io.metastate.error.BadVersionException;
import io.metastate.error.InvalidPathException;
import io.metastate.error.NoChildrenForEphemeralsException;
import io.metastate.error.NoNodeException;
import io.metastate.error.NodeExistsException;
import io.metastate.error.NotEmptyException;
import io.metastate.state.CreateMode;
import io.metastate.state.Limits;
import io.metastate.state.NodePath;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import io.metastate.state.Stat;
import io.metastate.state.WatchEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stages the operations of one write in an overlay over the tree, checking each against the state the earlier ones
 * left, so that a failing operation leaves nothing behind: {@link #applyTo} writes the overlay only once every
 * operation passed. Runs under the store's write lock.
 *
 * <p>Each change gets its own revision, consecutive from the first: the transaction still becomes visible (and
 * durable) as a whole, but a watcher sees strictly increasing revisions, even for {@code createWithParents}.
 */
final class Transaction {
  /**
   * Test seam, package-private: runs between the map writes of {@link #applyTo}, where a thread may be descheduled
   * under load. The crash test pauses here, so that a commit racing the apply (if one could) would be caught.
   */
  static volatile Runnable midApply = () -> { };

  private final Tree tree;
  private final Limits limits;
  private final long firstRevision;
  private long nextRevision;
  private final long sessionId;
  /** Staged nodes; a {@code null} value is a staged deletion. */
  private final Map<NodePath, NodeRecord> overlay = new LinkedHashMap<>();
  private final List<WatchEvent> events = new ArrayList<>();
  private final Set<NodePath> createdEphemerals = new HashSet<>();
  /** Names of the children created by this transaction, by parent, so listing children stays cheap. */
  private final Map<NodePath, Set<String>> createdChildren = new HashMap<>();

  Transaction(Tree tree, Limits limits, long firstRevision, long sessionId) {
    this.tree = tree;
    this.limits = limits;
    this.firstRevision = firstRevision;
    this.nextRevision = firstRevision;
    this.sessionId = sessionId;
  }

  /** The revision of the last change; the store's revision once applied. */
  long revision() {
    return nextRevision - 1;
  }

  boolean hasRevisions() {
    return nextRevision > firstRevision;
  }

  boolean hasChanges() {
    return !overlay.isEmpty();
  }

  List<WatchEvent> events() {
    return events;
  }

  NodeRecord read(NodePath path) {
    return overlay.containsKey(path) ? overlay.get(path) : tree.read(path);
  }

  List<String> childNames(NodePath parent) {
    List<String> names = new ArrayList<>();
    for (String name : tree.childNames(parent)) {
      NodePath child = parent.child(name);
      if (!overlay.containsKey(child) || overlay.get(child) != null) {
        names.add(name);
      }
    }
    Set<String> created = createdChildren.getOrDefault(parent, Set.of());
    if (created.isEmpty()) {
      return names;
    }
    TreeSet<String> all = new TreeSet<>(names);
    all.addAll(created);
    return new ArrayList<>(all);
  }

  OpResult.Created create(NodePath path, byte[] data, CreateMode mode) {
    if (path.isRoot()) {
      throw new NodeExistsException(path.value());
    }
    NodePath parent = path.parent().orElseThrow();
    NodeRecord parentRecord = read(parent);
    if (parentRecord == null) {
      throw new NoNodeException(parent.value());
    }
    if (parentRecord.isEphemeral()) {
      throw new NoChildrenForEphemeralsException(path.value());
    }
    NodePath actual = path;
    if (mode.isSequential()) {
      long n = parentRecord.nextSequence();
      actual = limits.checkPath(path.value() + CreateMode.sequenceSuffix(n));
      overlay.put(parent, parentRecord.withNextSequence(n + 1));
    }
    if (read(actual) != null) {
      throw new NodeExistsException(actual.value());
    }
    long revision = nextRevision++;
    NodeRecord record = NodeRecord.created(data, revision, mode.isEphemeral() ? sessionId : Stat.NO_OWNER);
    overlay.put(actual, record);
    createdChildren.computeIfAbsent(parent, k -> new HashSet<>()).add(actual.name());
    if (mode.isEphemeral()) {
      createdEphemerals.add(actual);
    }
    events.add(new WatchEvent(WatchEvent.Type.CREATED, actual.value(), revision));
    return new OpResult.Created(actual.value(), record.stat());
  }

  OpResult.Updated set(NodePath path, byte[] data, long expectedVersion) {
    if (path.isRoot()) {
      throw new InvalidPathException("/", "the root cannot be set; write to a node below it");
    }
    NodeRecord current = existing(path, expectedVersion);
    long revision = nextRevision++;
    NodeRecord next = current.withData(data, revision);
    overlay.put(path, next);
    events.add(new WatchEvent(WatchEvent.Type.UPDATED, path.value(), revision));
    return new OpResult.Updated(path.value(), next.stat());
  }

  OpResult.Deleted delete(NodePath path, long expectedVersion) {
    if (path.isRoot()) {
      throw new InvalidPathException("/", "the root cannot be deleted");
    }
    existing(path, expectedVersion);
    if (!childNames(path).isEmpty()) {
      throw new NotEmptyException(path.value());
    }
    overlay.put(path, null);
    createdEphemerals.remove(path);
    Set<String> siblings = createdChildren.get(path.parent().orElseThrow());
    if (siblings != null) {
      siblings.remove(path.name());
    }
    events.add(new WatchEvent(WatchEvent.Type.DELETED, path.value(), nextRevision++));
    return new OpResult.Deleted(path.value());
  }

  OpResult.Checked check(NodePath path, long expectedVersion) {
    existing(path, expectedVersion);
    return new OpResult.Checked(path.value());
  }

  private NodeRecord existing(NodePath path, long expectedVersion) {
    NodeRecord current = read(path);
    if (current == null) {
      throw new NoNodeException(path.value());
    }
    if (expectedVersion != Op.ANY_VERSION && current.version() != expectedVersion) {
      throw new BadVersionException(path.value(), expectedVersion);
    }
    return current;
  }

  /**
   * Writes the staged changes into the tree and the persistent ephemeral index, and reports the ephemeral nodes
   * created and deleted (path to owner) so the caller can update its in-memory index.
   */
  void applyTo(Tree target, EphemeralIndex index) {
    for (Map.Entry<NodePath, NodeRecord> e : overlay.entrySet()) {
      midApply.run();
      NodePath path = e.getKey();
      NodeRecord record = e.getValue();
      if (record == null) {
        NodeRecord old = target.read(path);
        target.remove(path);
        if (old != null && old.isEphemeral()) {
          target.ephemerals().remove(path.value());
          index.removed(old.owner(), path.value());
        }
      } else {
        target.write(path, record);
        if (createdEphemerals.contains(path)) {
          midApply.run();
          target.ephemerals().put(path.value(), record.owner());
          index.added(record.owner(), path.value());
        }
      }
    }
    midApply.run();
    target.putMeta(Tree.REVISION, revision());
  }
}
