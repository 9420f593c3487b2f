package io.metastate.testing.junit;

import java.util.Locale;

/**
 * The module's knobs: a system property, else the environment variable of the same name in upper case with dots as
 * underscores ({@code metastate.testing.etcd.image} / {@code METASTATE_TESTING_ETCD_IMAGE}), else the default.
 */
final class Settings {
  /** {@code auto} (default: Testcontainers where an engine runs), {@code testcontainers}, or {@code local}. */
  static final String MODE = "metastate.testing.mode";
  static final String ETCD_IMAGE = "metastate.testing.etcd.image";
  static final String ZOOKEEPER_IMAGE = "metastate.testing.zookeeper.image";
  /** etcd 3.4.23 is the version the etcd provider is tested against (Debian bookworm's etcd-server). */
  static final String DEFAULT_ETCD_IMAGE = "gcr.io/etcd-development/etcd:v3.4.23";
  static final String DEFAULT_ZOOKEEPER_IMAGE = "zookeeper:3.9";

  private Settings() {}

  static String get(String key, String fallback) {
    String value = System.getProperty(key);
    if (value == null || value.isBlank()) {
      value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_'));
    }
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  /** CI services set {@code CI=true}; there a missing engine must fail the run, never fall back silently. */
  static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }
}
