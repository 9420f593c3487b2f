package io.metastate.samples.metaserver;

import io.metastate.config.MetaStateConfig;
import io.metastate.error.ConfigurationException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The meta server's and app node's own settings ({@code metaserver.*}), read from the same layered configuration as
 * {@code metastate.*} and validated at once, naming the bad key and value.
 *
 * @param host the address to listen on
 * @param port the HTTP port (0: any free port)
 * @param cluster the cluster name; its state lives under {@code /metaserver/<cluster>}
 * @param partitions how many partitions (key groups) the key space has
 * @param replicas copies per partition: one primary and {@code replicas - 1} secondaries
 * @param nodeLease how long a node may serve after its last acknowledged beacon
 * @param nodeGrace how much longer the leader waits before declaring a silent node dead
 * @param beaconInterval how often nodes send beacons
 * @param flushInterval how often a node writes changes back when no writer asks sooner
 * @param balancer the balancer's name ({@code simple}, {@code greedy})
 * @param nodeToken the token app nodes present
 * @param adminToken the token administrators present
 * @param servers the meta servers' URLs, for nodes and clients
 * @param nodeId this app node's id
 */
public record Settings(String host, int port, String cluster, int partitions, int replicas, Duration nodeLease,
    Duration nodeGrace, Duration beaconInterval, Duration flushInterval, String balancer, String nodeToken,
    String adminToken, List<String> servers, String nodeId) {

  public static final String PREFIX = "metaserver.";

  public Settings {
    if (!cluster.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new ConfigurationException("metaserver.cluster must be 1-64 letters, digits, '-' or '_', was '"
          + cluster + "'");
    }
    if (replicas > 5) {
      throw new ConfigurationException("metaserver.replicas must be between 1 and 5, was " + replicas);
    }
    if (beaconInterval.compareTo(nodeLease) >= 0) {
      throw new ConfigurationException("metaserver.node.beacon-interval (" + beaconInterval
          + ") must be shorter than metaserver.node.lease (" + nodeLease + ")");
    }
  }

  /** Reads every {@code metaserver.*} key, with defaults that fail a node over within about two seconds. */
  public static Settings from(MetaStateConfig c) {
    return new Settings(
        c.get("metaserver.http.host").orElse("127.0.0.1"),
        port(c, "metaserver.http.port", 7070),
        c.get("metaserver.cluster").orElse("default"),
        c.positiveInt("metaserver.partitions", 16),
        c.positiveInt("metaserver.replicas", 2),
        positive(c, "metaserver.node.lease", Duration.ofMillis(1000)),
        positive(c, "metaserver.node.grace", Duration.ofMillis(500)),
        positive(c, "metaserver.node.beacon-interval", Duration.ofMillis(200)),
        positive(c, "metaserver.node.flush-interval", Duration.ofMillis(50)),
        c.get("metaserver.balancer").orElse("greedy"),
        c.get("metaserver.auth.node-token").orElse(""),
        c.get("metaserver.auth.admin-token").orElse(""),
        c.get("metaserver.servers").map(s -> Arrays.stream(s.split(",")).map(String::trim)
            .filter(x -> !x.isEmpty()).toList()).orElse(List.of("http://127.0.0.1:7070")),
        c.get("metaserver.node.id").orElse(""));
  }

  /** The root path of this cluster's state. */
  public String root() {
    return "/metaserver/" + cluster;
  }

  private static int port(MetaStateConfig c, String key, int fallback) {
    return c.get(key).map(raw -> {
      try {
        int p = Integer.parseInt(raw);
        if (p >= 0 && p <= 65535) {
          return p;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new ConfigurationException(key + " must be a port number 0-65535 (0: any free port), was '" + raw + "'");
    }).orElse(fallback);
  }

  private static Duration positive(MetaStateConfig c, String key, Duration fallback) {
    Duration d = c.duration(key, fallback);
    if (d.isZero() || d.isNegative()) {
      throw new ConfigurationException(key + " must be a positive duration such as 500ms or 2s, was " + d);
    }
    return d;
  }
}
