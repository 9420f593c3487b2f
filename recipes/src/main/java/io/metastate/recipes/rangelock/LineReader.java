package io.metastate.recipes.rangelock;

import io.metastate.error.NoNodeException;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.Stat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a space's line of requests: the children of the space node, oldest first. Each request node is read once
 * and cached by name, which is safe because a name is never reused (it carries its requester's random nonce). Not
 * thread-safe: the space serializes reads.
 */
final class LineReader {
  private final MetaStateService state;
  private final String spacePath;
  private final Map<String, Request> known = new HashMap<>();

  LineReader(MetaStateService state, String spacePath) {
    this.state = state;
    this.spacePath = spacePath;
  }

  List<Request> read() {
    List<String> names;
    try {
      names = state.children(spacePath);
    } catch (NoNodeException e) {
      names = List.of(); // the space was deleted, and every request with it
    }
    known.keySet().retainAll(names);
    List<Request> line = new ArrayList<>(names.size());
    for (String child : names) {
      if (!child.startsWith(Request.PREFIX)) {
        continue;
      }
      Request r = known.get(child);
      if (r == null) {
        String path = spacePath + "/" + child;
        Optional<Node> node = state.get(path);
        if (node.isEmpty()) {
          continue;
        }
        Stat stat = node.get().stat();
        r = Request.decode(child, path, node.get().data(), stat.ephemeralOwner(), stat.createRevision());
        known.put(child, r);
      }
      line.add(r);
    }
    line.sort(Comparator.comparingLong(Request::createRevision));
    return line;
  }
}
