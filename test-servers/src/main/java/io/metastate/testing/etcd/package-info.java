/**
 * Real etcd for tests: {@link io.metastate.testing.etcd.EtcdServers#start()} (external {@code ETCD_ENDPOINTS} or a
 * local single member) and {@link io.metastate.testing.etcd.EtcdServers#startLocal(int)} (local processes with
 * kill/restart/pause hooks), all on 127.0.0.1.
 */
package io.metastate.testing.etcd;
