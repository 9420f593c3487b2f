package io.metastate.samples.metaserver;

import io.metastate.samples.metaserver.Records.ClusterView;
import io.metastate.samples.metaserver.Records.NodeView;
import io.metastate.samples.metaserver.Records.PartitionRecord;

/** The cluster at a glance, as one self-refreshing HTML page. */
final class StatusPage {
  private StatusPage() {}

  static String render(ClusterView v) {
    StringBuilder b = new StringBuilder(4096);
    b.append("<!doctype html><html><head><meta charset=utf-8><meta http-equiv=refresh content=2>")
        .append("<title>metastate meta server</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;")
        .append("margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .7em;text-align:left}")
        .append(".dead{color:#b00}.alive{color:#080}.none{color:#b00;font-weight:bold}</style></head><body>")
        .append("<h1>metastate meta server</h1><p>This server: <b>").append(esc(v.self())).append("</b> — ")
        .append(v.isLeader() ? "<b class=alive>leader</b>" : "follower")
        .append(" · leader: <a href=\"").append(esc(v.leader())).append("\">").append(esc(v.leader()))
        .append("</a> · provider: <b>").append(esc(v.provider())).append("</b> · balancer: <b>")
        .append(esc(v.balancer())).append("</b></p>");
    if (!v.isLeader()) {
      return b.append("<p>Followers do not hold the cluster state; see the leader.</p></body></html>").toString();
    }
    long alive = v.nodes().stream().filter(NodeView::alive).count();
    b.append("<h2>Nodes (").append(alive).append(" alive of ").append(v.nodes().size()).append(")</h2>")
        .append("<table><tr><th>node</th><th>address</th><th>state</th><th>last beacon</th><th>primaries</th>")
        .append("<th>secondaries</th></tr>");
    for (NodeView n : v.nodes()) {
      b.append("<tr><td>").append(esc(n.id())).append("</td><td><a href=\"").append(esc(n.address()))
          .append("/status\">").append(esc(n.address())).append("</a></td><td class=")
          .append(n.alive() ? "alive>alive" : "dead>dead").append("</td><td>")
          .append(n.lastBeaconMillisAgo() < 0 ? "-" : n.lastBeaconMillisAgo() + " ms ago").append("</td><td>")
          .append(n.primaries()).append("</td><td>").append(n.secondaries()).append("</td></tr>");
    }
    b.append("</table><h2>Partitions (").append(v.partitions().size()).append(")</h2>")
        .append("<table><tr><th>partition</th><th>primary</th><th>secondaries</th><th>epoch</th></tr>");
    for (PartitionRecord p : v.partitions()) {
      b.append("<tr><td>").append(p.id()).append("</td><td")
          .append(p.primary() == null ? " class=none>none" : ">" + esc(p.primary())).append("</td><td>")
          .append(esc(String.join(", ", p.secondaries()))).append("</td><td>").append(p.epoch()).append("</td></tr>");
    }
    return b.append("</table><p>JSON: <a href=/api/cluster>/api/cluster</a> · ")
        .append("<a href=/api/leader>/api/leader</a> · /api/route?key=K</p></body></html>").toString();
  }

  private static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
