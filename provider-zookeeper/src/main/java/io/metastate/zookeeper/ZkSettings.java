package io.metastate.zookeeper;

/**
 * Validated settings of one client.
 *
 * @param prefix the namespace as a znode path prefix ({@code ""} or {@code /ns})
 * @param auth digest {@code user:password}, or null
 */
record ZkSettings(String connect, String prefix, int sessionTimeoutMs, int connectionTimeoutMs, int retryBaseSleepMs,
    int retryMax, String auth, String ownerId) {

  String stateRoot() {
    return prefix + "/state";
  }

  String locksRoot() {
    return prefix + "/locks";
  }
}
