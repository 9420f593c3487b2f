package io.metastate.samples.metaserver;

import com.google.inject.Guice;
import io.metastate.config.MetaStateConfig;
import io.metastate.guice.MetaStateModule;
import io.metastate.samples.metaserver.node.AppNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * The sample's command line: {@code server} (a meta server), {@code node} (an app node) and {@code demo} (a meta
 * server on the local-file provider plus two app nodes, nothing to install). Settings come from the usual layers
 * ({@code metastate.*} and {@code metaserver.*} as system properties, environment or properties file) and from
 * {@code --key=value} arguments, which win.
 */
public final class Main {
  private Main() {}

  /** Runs a subcommand. */
  public static void main(String[] args) {
    if (args.length == 0 || !List.of("server", "node", "demo").contains(args[0])) {
      System.err.println("""
          usage: java -jar meta-server.jar demo|server|node [--key=value ...]
            demo    a meta server on the local-file provider and two app nodes; prints the status page URL
            server  a meta server (metastate.provider=localfile|zookeeper|etcd|postgresql, metaserver.http.port, ...)
            node    an app node (metaserver.node.id, metaserver.servers, metaserver.auth.node-token)""");
      System.exit(2);
    }
    if (args[0].equals("demo") && System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      // Keep the demo's console to the banner and to what goes wrong.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    MetaStateConfig config = config(Arrays.copyOfRange(args, 1, args.length));
    switch (args[0]) {
      case "server" -> server(config);
      case "node" -> node(config);
      default -> Demo.run(config);
    }
  }

  static MetaStateConfig config(String[] args) {
    MetaStateConfig c = MetaStateConfig.load();
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith(Settings.PREFIX)) {
        c = c.with(key, System.getProperty(key));
      }
    }
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 3) {
        if (arg.equals("--exit-with-parent")) {
          c = c.with("metaserver.exit-with-parent", "true");
          continue;
        }
        throw new IllegalArgumentException("arguments must look like --key=value, was '" + arg + "'");
      }
      c = c.with(arg.substring(2, eq), arg.substring(eq + 1));
    }
    return c;
  }

  /** The config with random tokens where none are configured, printed so that an operator can use them. */
  static MetaStateConfig withTokens(MetaStateConfig config) {
    MetaStateConfig c = config;
    for (String key : List.of("metaserver.auth.node-token", "metaserver.auth.admin-token")) {
      if (c.get(key).isEmpty()) {
        String token = UUID.randomUUID().toString();
        c = c.with(key, token);
        System.out.println("generated " + key + "=" + token);
      }
    }
    return c;
  }

  /** Starts a meta server; returns it. */
  static MetaServer startServer(MetaStateConfig c) {
    MetaServer server = Guice.createInjector(MetaStateModule.of(c), new MetaServerModule())
        .getInstance(MetaServer.class);
    String url = server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "metaserver-shutdown"));
    System.out.println("READY " + url);
    return server;
  }

  private static void server(MetaStateConfig config) {
    startServer(withTokens(config));
    exitWithParent(config);
    blockForever();
  }

  private static void node(MetaStateConfig config) {
    AppNode node = new AppNode(Settings.from(config));
    String url = node.start();
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "node-shutdown"));
    System.out.println("NODE " + Settings.from(config).nodeId() + " " + url);
    exitWithParent(config);
    blockForever();
  }

  /** When launched by a parent that passed {@code --exit-with-parent}, exit when its stdin pipe closes. */
  private static void exitWithParent(MetaStateConfig config) {
    if (config.bool("metaserver.exit-with-parent", false)) {
      Thread t = new Thread(() -> {
        try (InputStream in = System.in) {
          while (in.read() >= 0) {
            // drain until the parent goes away
          }
        } catch (IOException ignored) {
          // the parent is gone either way
        }
        System.exit(0);
      }, "exit-with-parent");
      t.setDaemon(true);
      t.start();
    }
  }

  static void blockForever() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
