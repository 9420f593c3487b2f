package io.metastate.zookeeper;

import io.metastate.Ticker;

/**
 * Validated settings of one client.
 *
 * @param prefix the namespace as a znode path prefix ({@code ""} or {@code /ns})
 * @param auth digest {@code user:password}, or null
 * @param ticker the clock session and lease time is read on
 */
record ZkSettings(String connect, String prefix, int sessionTimeoutMs, int connectionTimeoutMs, int retryBaseSleepMs,
    int retryMax, String auth, String ownerId, Ticker ticker) {

  String stateRoot() {
    return prefix + "/state";
  }

  String locksRoot() {
    return prefix + "/locks";
  }
}
