package io.metastate.cli;

import java.util.List;

/**
 * The configuration keys of the bundled providers, as the README lists them. The environment cannot be enumerated
 * back into keys ({@code METASTATE_ETCD_LEASE_TTL} is {@code lease-ttl} or {@code lease.ttl}), so where a command
 * must write the configuration out (for the kit's runner) or show it ({@code status}), it asks for these.
 */
final class KnownKeys {
  static final List<String> ALL = List.of("metastate.provider", "metastate.lock.provider", "metastate.state.provider",
      "metastate.session.ttl", "metastate.owner-id",
      "metastate.localfile.dir",
      "metastate.zookeeper.connect", "metastate.zookeeper.namespace", "metastate.zookeeper.session-timeout",
      "metastate.zookeeper.connection-timeout", "metastate.zookeeper.retry", "metastate.zookeeper.auth",
      "metastate.etcd.endpoints", "metastate.etcd.namespace", "metastate.etcd.lease-ttl",
      "metastate.etcd.connect-timeout", "metastate.etcd.request-timeout", "metastate.etcd.tls.ca",
      "metastate.etcd.tls.cert", "metastate.etcd.tls.key", "metastate.etcd.user", "metastate.etcd.password",
      "metastate.postgresql.url", "metastate.postgresql.user", "metastate.postgresql.password",
      "metastate.postgresql.schema", "metastate.postgresql.pool-size", "metastate.postgresql.ssl-mode",
      "metastate.postgresql.ssl-root-cert", "metastate.postgresql.connect-timeout",
      "metastate.postgresql.request-timeout");

  /** Where each bundled provider's backend is: the key to show as its endpoint. */
  static String endpointKey(String provider) {
    return switch (provider) {
      case "localfile" -> "metastate.localfile.dir";
      case "zookeeper" -> "metastate.zookeeper.connect";
      case "etcd" -> "metastate.etcd.endpoints";
      case "postgresql" -> "metastate.postgresql.url";
      default -> "metastate." + provider + ".endpoints";
    };
  }

  private KnownKeys() {}
}
