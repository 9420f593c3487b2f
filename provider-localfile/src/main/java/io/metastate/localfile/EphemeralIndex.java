package io.metastate.localfile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which session owns which ephemeral nodes, in memory, so that ending a session finds its nodes at once. Guarded
 * by the store's write lock. The persistent twin ({@link Tree#EPHEMERALS}) serves reopen after a crash.
 */
final class EphemeralIndex {
  private final Map<Long, Set<String>> bySession = new HashMap<>();

  void added(long owner, String path) {
    bySession.computeIfAbsent(owner, k -> new TreeSet<>()).add(path);
  }

  void removed(long owner, String path) {
    Set<String> paths = bySession.get(owner);
    if (paths != null) {
      paths.remove(path);
      if (paths.isEmpty()) {
        bySession.remove(owner);
      }
    }
  }

  List<String> of(long owner) {
    return List.copyOf(bySession.getOrDefault(owner, Set.of()));
  }

  void clear() {
    bySession.clear();
  }
}
