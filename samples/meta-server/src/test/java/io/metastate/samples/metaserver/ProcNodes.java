package io.metastate.samples.metaserver;

import com.google.inject.Guice;
import io.metastate.config.MetaStateConfig;
import io.metastate.guice.MetaStateModule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Meta servers in this JVM (one store, so the first leads and the others follow) and app nodes in child processes,
 * which a test can SIGKILL: what an operator watching the status page or scraping /metrics would see.
 */
final class ProcNodes implements AutoCloseable {
  private final Path dir;
  private final List<MetaServer> servers = new ArrayList<>();
  final Map<String, Proc> nodes = new LinkedHashMap<>();

  ProcNodes(Path dir) {
    this.dir = dir;
  }

  /** Starts a meta server on the shared local-file store; returns its URL. */
  String server() {
    MetaStateConfig config = MetaStateConfig.of(Map.of("metastate.provider", "localfile",
        "metastate.localfile.dir", dir.resolve("store").toString(), "metaserver.http.port", "0",
        "metaserver.auth.node-token", InProcess.NODE_TOKEN, "metaserver.auth.admin-token", InProcess.ADMIN_TOKEN));
    MetaServer s = Guice.createInjector(MetaStateModule.of(config), new MetaServerModule())
        .getInstance(MetaServer.class);
    servers.add(s);
    return s.start();
  }

  /** Starts an app node in its own JVM, registered with {@code metaUrl}. */
  Proc node(String id, String metaUrl) {
    Proc p = Proc.start(dir, id, "NODE ", "node", "--metaserver.node.id=" + id, "--metaserver.servers=" + metaUrl,
        "--metaserver.auth.node-token=" + InProcess.NODE_TOKEN, "--metaserver.http.port=0");
    nodes.put(id, p);
    return p;
  }

  @Override
  public void close() {
    nodes.values().forEach(Proc::kill);
    servers.forEach(MetaServer::close);
  }
}
