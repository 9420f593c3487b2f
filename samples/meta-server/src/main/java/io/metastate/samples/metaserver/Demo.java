package io.metastate.samples.metaserver;

import io.metastate.config.MetaStateConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** {@code demo}: a meta server on the local-file provider in this process and two app nodes as child processes. */
final class Demo {
  private Demo() {}

  static void run(MetaStateConfig given) {
    MetaStateConfig c = given;
    if (c.get("metastate.provider").isEmpty()) {
      c = c.with("metastate.provider", "localfile");
    }
    if (c.get("metastate.provider").orElseThrow().equals("localfile") && c.get("metastate.localfile.dir").isEmpty()) {
      try {
        c = c.with("metastate.localfile.dir", Files.createTempDirectory("metastate-demo").toString());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a temporary directory for the demo store", e);
      }
    }
    if (c.get("metastate.session.ttl").isEmpty()) {
      c = c.with("metastate.session.ttl", "3s");
    }
    c = Main.withTokens(c);
    MetaServer server = Main.startServer(c);
    Settings s = Settings.from(c);
    String url = server.url();
    List<Process> children = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> children.forEach(Process::destroy), "demo-shutdown"));
    List<String> nodes = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      nodes.add(spawnNode("node-" + i, url, s.nodeToken(), children));
    }
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (server.liveNodes() < nodes.size() && System.nanoTime() < end) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    System.out.println();
    System.out.println("metastate meta server demo: one meta server (leader, local-file store in "
        + c.get("metastate.localfile.dir").orElse("?") + ") and two app nodes");
    System.out.println("  status page : " + url + "/status");
    System.out.println("  cluster JSON: " + url + "/api/cluster");
    for (String n : nodes) {
      System.out.println("  app node    : " + n);
    }
    System.out.println("  try         : curl -s '" + url + "/api/route?key=hello'   then   curl -s -X POST "
        + "'<address>/kv/hello/incr'");
    System.out.println("  admin token : " + s.adminToken() + "   (curl -X POST -H 'Authorization: Bearer <token>' "
        + url + "/api/admin/rebalance)");
    System.out.println("Press Ctrl-C to stop.");
    Main.blockForever();
  }

  private static String spawnNode(String id, String metaUrl, String token, List<Process> children) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = List.of(java, "-cp", System.getProperty("java.class.path"),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", Main.class.getName(), "node",
        "--metaserver.node.id=" + id, "--metaserver.servers=" + metaUrl, "--metaserver.auth.node-token=" + token,
        "--metaserver.http.port=0", "--exit-with-parent");
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      children.add(p);
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
        try {
          for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("NODE ")) {
              return line.substring(5);
            }
          }
          throw new IllegalStateException("app node " + id + " exited before it was ready");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      String line = ready.get(60, TimeUnit.SECONDS);
      Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "drain-" + id);
      drain.setDaemon(true);
      drain.start();
      return line;
    } catch (Exception e) {
      throw new IllegalStateException("cannot start app node " + id + ": " + e.getMessage(), e);
    }
  }
}
