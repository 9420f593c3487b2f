package io.metastate.localfile;

import io.metastate.state.NodePath;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The node tree inside the MVStore. A node is keyed by {@code parent + '\0' + name}, so that a node's children are
 * one contiguous key range (sorted by name) and listing them needs no separate index; '\0' cannot occur in a valid
 * path. The root is stored under the empty key.
 *
 * <p>Besides the nodes, the store keeps the persistent {@code ephemerals} map (path to owning session) so that a
 * reopen finds the dead sessions' ephemeral nodes without scanning the tree, and the {@code meta} map of counters.
 */
final class Tree {
  static final String NODES = "nodes";
  static final String EPHEMERALS = "ephemerals";
  static final String META = "meta";
  static final String REVISION = "revision";
  static final String EPOCH = "epoch";
  static final String TOKEN_HIGH_WATER = "tokenHighWater";

  private final MVMap<String, byte[]> nodes;
  private final MVMap<String, Long> ephemerals;
  private final MVMap<String, Long> meta;

  Tree(MVStore store) {
    this.nodes = store.openMap(NODES);
    this.ephemerals = store.openMap(EPHEMERALS);
    this.meta = store.openMap(META);
  }

  static String key(NodePath path) {
    if (path.isRoot()) {
      return "";
    }
    NodePath parent = path.parent().orElseThrow();
    return parent.value() + '\0' + path.name();
  }

  private static String childPrefix(NodePath parent) {
    return parent.value() + '\0';
  }

  NodeRecord read(NodePath path) {
    byte[] bytes = nodes.get(key(path));
    return bytes == null ? null : NodeRecord.decode(bytes);
  }

  void write(NodePath path, NodeRecord record) {
    nodes.put(key(path), record.encode());
  }

  void remove(NodePath path) {
    nodes.remove(key(path));
  }

  /** Child names in sorted order. */
  List<String> childNames(NodePath parent) {
    String prefix = childPrefix(parent);
    List<String> names = new ArrayList<>();
    Iterator<String> keys = nodes.keyIterator(prefix);
    while (keys.hasNext()) {
      String key = keys.next();
      if (!key.startsWith(prefix)) {
        break;
      }
      names.add(key.substring(prefix.length()));
    }
    return names;
  }

  MVMap<String, Long> ephemerals() {
    return ephemerals;
  }

  long meta(String key, long fallback) {
    Long v = meta.get(key);
    return v == null ? fallback : v;
  }

  void putMeta(String key, long value) {
    meta.put(key, value);
  }
}
