/**
 * Real ZooKeeper servers for tests, all bound to 127.0.0.1: {@link
 * io.metastate.testing.zookeeper.ZooKeeperTestServer} (in process, fast; stop/restart), {@link
 * io.metastate.testing.zookeeper.ZooKeeperProcess} (separate JVM from the ZooKeeper artifact on the classpath; kill -9,
 * SIGSTOP/SIGCONT, restart on the same port and data), {@link io.metastate.testing.zookeeper.ZooKeeperEnsemble}
 * (several such JVMs in a quorum; find and kill the leader), and {@link
 * io.metastate.testing.zookeeper.ZooKeeperSessions#expire} (end a session server-side).
 */
package io.metastate.testing.zookeeper;
