package io.metastate.samples.metaserver;

import io.metastate.error.NodeExistsException;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The meta servers of a cluster, leader and followers, for the status page: each registers its URL as an ephemeral
 * node of its own session under {@code /metaserver-members/<cluster>}, so a server that dies drops out with its
 * session. Kept apart from the cluster state, which only the leader writes (fenced): membership is informational.
 */
final class Members {
  private final MetaStateService state;
  private final String dir;

  Members(MetaStateService state, String cluster) {
    this.state = state;
    this.dir = "/metaserver-members/" + cluster;
  }

  void join(String url) {
    String name = url.replaceAll("^https?://", "").replaceAll("[^A-Za-z0-9_.-]", "_");
    try {
      state.createWithParents(dir + "/" + name, url.getBytes(StandardCharsets.UTF_8), CreateMode.EPHEMERAL);
    } catch (NodeExistsException e) {
      // a restarted server on the same address, before its old session ended: that entry says the same
    }
  }

  /** The URLs of the servers whose sessions live, sorted. */
  List<String> urls() {
    if (state.exists(dir).isEmpty()) {
      return List.of();
    }
    List<String> urls = new ArrayList<>();
    for (String child : state.children(dir)) {
      Optional<Node> n = state.get(dir + "/" + child);
      n.ifPresent(x -> urls.add(new String(x.data(), StandardCharsets.UTF_8)));
    }
    urls.sort(null);
    return urls;
  }
}
