package io.metastate.tck.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The endpoints in a config value such as {@code 127.0.0.1:2181,127.0.0.1:2182/app} (ZooKeeper) or
 * {@code http://127.0.0.1:2379} (etcd): comma-separated {@code [scheme://]host:port[rest]}. RunKit puts a proxy in
 * front of each and rewrites the value to point at the proxies; only loopback endpoints qualify, as the kit's proxy
 * forwards to 127.0.0.1 only.
 */
final class Endpoints {
  /** Config keys whose values are endpoints, of the providers this project ships. */
  static final List<String> KNOWN_KEYS = List.of("metastate.zookeeper.connect", "metastate.etcd.endpoints");

  private static final Pattern ENDPOINT =
      Pattern.compile("(?<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)?(?<host>[^:/,\\s]+):(?<port>\\d{1,5})(?<rest>[^,]*)");

  private record Endpoint(String scheme, String host, int port, String rest) {}

  private final List<Endpoint> endpoints;

  private Endpoints(List<Endpoint> endpoints) {
    this.endpoints = endpoints;
  }

  /** The endpoints of {@code value}, if every one is a loopback {@code host:port}. */
  static Optional<Endpoints> parse(String value) {
    List<Endpoint> out = new ArrayList<>();
    for (String part : value.trim().split(",")) {
      Matcher m = ENDPOINT.matcher(part.trim());
      if (!m.matches() || !isLoopback(m.group("host"))) {
        return Optional.empty();
      }
      out.add(new Endpoint(m.group("scheme") == null ? "" : m.group("scheme"), m.group("host"),
          Integer.parseInt(m.group("port")), m.group("rest")));
    }
    return out.isEmpty() ? Optional.empty() : Optional.of(new Endpoints(out));
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
  }

  /** The backend ports, in order. */
  List<Integer> ports() {
    return endpoints.stream().map(Endpoint::port).toList();
  }

  /** The value with each port replaced by {@code proxyPort.applyAsInt(index)} on 127.0.0.1. */
  String rewrite(IntUnaryOperator proxyPort) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < endpoints.size(); i++) {
      Endpoint e = endpoints.get(i);
      parts.add(e.scheme() + "127.0.0.1:" + proxyPort.applyAsInt(i) + e.rest());
    }
    return String.join(",", parts);
  }
}
