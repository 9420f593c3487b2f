package io.metastate.testing.etcd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where tests get etcd from, in this order:
 * <ol>
 *   <li>{@code ETCD_ENDPOINTS} in the environment (or system property {@code etcd.endpoints}): comma-separated
 *       client URLs of an external cluster, used as is (no fault hooks);
 *   <li>an {@code etcd} binary on the {@code PATH} (Debian/Ubuntu: {@code apt-get install etcd-server}), started on
 *       free 127.0.0.1 ports with a temporary data dir.
 * </ol>
 * None found: {@link IllegalStateException} saying how to get one, so a CI run fails instead of skipping.
 * Testcontainers is deliberately not used: it needs a Docker engine, and the binary covers every case.
 */
public final class EtcdServers {
  /** The environment variable naming an external cluster. */
  public static final String ENDPOINTS_ENV = "ETCD_ENDPOINTS";

  private EtcdServers() {}

  /**
   * One etcd for tests that need no fault hooks: the external cluster if {@code ETCD_ENDPOINTS} is set, otherwise a
   * local single member.
   */
  public static EtcdCluster start() {
    Optional<List<String>> external = externalEndpoints();
    if (external.isPresent()) {
      return new ExternalEtcdCluster(external.get());
    }
    return startLocal(1);
  }

  /**
   * A cluster of {@code members} local etcd processes on loopback (use 1 or 3), healthy and with a leader when this
   * returns. Ignores {@code ETCD_ENDPOINTS}: fault injection needs processes this JVM owns.
   *
   * @throws IllegalStateException if no etcd binary is found, saying how to install one
   */
  public static EtcdCluster startLocal(int members) {
    if (members < 1) {
      throw new IllegalArgumentException("members must be >= 1, was " + members);
    }
    return LocalEtcdCluster.start(etcdBinary(), members);
  }

  /** The external endpoints from {@code ETCD_ENDPOINTS} (or system property {@code etcd.endpoints}), if set. */
  public static Optional<List<String>> externalEndpoints() {
    String raw = System.getProperty("etcd.endpoints", System.getenv(ENDPOINTS_ENV));
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
  }

  /**
   * The etcd binary: system property {@code etcd.binary}, else {@code etcd} on the PATH.
   *
   * @throws IllegalStateException saying how to get one
   */
  public static Path etcdBinary() {
    return findBinary("etcd.binary", "etcd").orElseThrow(() -> new IllegalStateException(
        "no etcd found for the etcd tests: install the server (Debian/Ubuntu: 'apt-get install etcd-server'; or a"
            + " release from https://github.com/etcd-io/etcd/releases on the PATH, or -Detcd.binary=/path/to/etcd),"
            + " or point " + ENDPOINTS_ENV + " at a running cluster (e.g. " + ENDPOINTS_ENV
            + "=http://127.0.0.1:2379)"));
  }

  /** {@code etcdctl} (system property {@code etcdctl.binary}, else on the PATH), if installed. */
  public static Optional<Path> etcdctlBinary() {
    return findBinary("etcdctl.binary", "etcdctl");
  }

  private static Optional<Path> findBinary(String property, String name) {
    String explicit = System.getProperty(property);
    if (explicit != null && !explicit.isBlank()) {
      Path p = Path.of(explicit);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
