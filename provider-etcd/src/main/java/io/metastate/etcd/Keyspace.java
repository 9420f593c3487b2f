package io.metastate.etcd;

import io.etcd.jetcd.ByteSequence;
import io.metastate.state.NodePath;
import java.nio.charset.StandardCharsets;

/**
 * Where everything lives in etcd's flat keyspace, below the namespace {@code N} ({@code metastate.etcd.namespace}):
 * <pre>
 *   N&lt;lock-name&gt;/&lt;lease-id-hex&gt;   a lock claim (etcd's v3lock layout: etcdctl lock N&lt;lock-name&gt;), value = owner id
 *   N~s/&lt;ddd&gt;&lt;path&gt;           a meta-state node; ddd = the path's depth, 3 digits (~s/002/a/b)
 *   N~m&lt;path&gt;                 present while the node is ephemeral (on its lease) or its version runs ahead of
 *                               etcd's (value = the difference, after a multi wrote the node twice in one Txn)
 *   N~c&lt;path&gt;                 touched by every child creation under path (pins "no children" for delete)
 *   N~q&lt;path&gt;                 the sequential-name counter of path's children
 * </pre>
 * Encoding the depth makes {@code children(p)} one range read of {@code ~s/<depth+1><p>/}. '~' cannot occur in a
 * lock name, so lock keys and internal keys never collide.
 */
final class Keyspace {
  private final String ns;

  Keyspace(String namespace) {
    this.ns = namespace;
  }

  String namespace() {
    return ns;
  }

  static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  static String string(ByteSequence b) {
    return b.toString(StandardCharsets.UTF_8);
  }

  // ---- locks

  String lockPrefix(String name) {
    return ns + name + "/";
  }

  String lockKey(String name, long leaseId) {
    return lockPrefix(name) + Long.toHexString(leaseId);
  }

  /** The lock name of a claim key, or null if the key is not {@code N<name>/<hex>}. */
  String lockNameOf(String key) {
    if (!key.startsWith(ns)) {
      return null;
    }
    String rest = key.substring(ns.length());
    int slash = rest.lastIndexOf('/');
    if (slash <= 0 || slash == rest.length() - 1 || rest.startsWith("~")) {
      return null;
    }
    String hex = rest.substring(slash + 1);
    for (int i = 0; i < hex.length(); i++) {
      if (Character.digit(hex.charAt(i), 16) < 0) {
        return null;
      }
    }
    return rest.substring(0, slash);
  }

  // ---- meta-state

  String nodeKey(NodePath path) {
    return ns + "~s/" + depth(path.depth()) + path.value();
  }

  /** Range prefix of the direct children of {@code parent}. */
  String childrenPrefix(NodePath parent) {
    return ns + "~s/" + depth(parent.depth() + 1) + (parent.isRoot() ? "/" : parent.value() + "/");
  }

  /** Start of the range holding every node at depth {@code >= d}. */
  String depthStart(int d) {
    return ns + "~s/" + depth(d);
  }

  /** Exclusive end of every node key ('/' + 1 = '0'). */
  String nodesEnd() {
    return ns + "~s0";
  }

  /** The path of a node key. */
  NodePath pathOf(String nodeKey) {
    return NodePath.of(nodeKey.substring(ns.length() + "~s/".length() + 3));
  }

  String metaKey(NodePath path) {
    return ns + "~m" + path.value();
  }

  String childMarker(NodePath path) {
    return ns + "~c" + path.value();
  }

  String sequenceKey(NodePath path) {
    return ns + "~q" + path.value();
  }

  private static String depth(int d) {
    // three digits, zero-padded (depth <= 512 since paths are <= 1024 characters); String.format is slow on hot paths
    return d < 10 ? "00" + d : d < 100 ? "0" + d : Integer.toString(d);
  }

  /** The first key after every key starting with {@code prefix}; "\0" (to the end) for an empty prefix. */
  static ByteSequence prefixEnd(String prefix) {
    byte[] b = prefix.getBytes(StandardCharsets.UTF_8);
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] != (byte) 0xff) {
        byte[] end = java.util.Arrays.copyOf(b, i + 1);
        end[i]++;
        return ByteSequence.from(end);
      }
    }
    return ByteSequence.from(new byte[] {0});
  }
}
