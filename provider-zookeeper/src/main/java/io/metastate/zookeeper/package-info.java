/**
 * The ZooKeeper provider ({@code metastate.provider=zookeeper}), on Apache Curator. Public: {@link
 * io.metastate.zookeeper.ZooKeeperProvider} (the ServiceLoader entry) and {@link
 * io.metastate.zookeeper.ZooKeeperClientBuilder} (its keys, documented there); everything else is package-private.
 *
 * <p>Curator owns the connection: reconnects with backoff, digest authentication, and the connection states that
 * drive the session (SUSPENDED → session SUSPENDED and leases UNCERTAIN; RECONNECTED with the same session → CONNECTED
 * and HELD; LOST or a new session id → EXPIRED and LOST, after which the client is dead and Curator is closed so that
 * nothing runs on a replacement session). Operations go straight to the ZooKeeper handle of the client's own session:
 * writes are never retried blindly, and each maps ZooKeeper's errors onto the SPI's.
 *
 * <p>Time: the session and its leases read time on the config's ticker. Every request the server answers, and a
 * heartbeat when the client is idle, confirms contact, stamped with when the request was sent; once the last confirmed
 * contact is a session TTL old, the session reads SUSPENDED and its leases UNCERTAIN before any I/O (after a process
 * pause, say), since the server may already have expired the session.
 *
 * <p>Layout: meta-state path {@code /a/b} is znode {@code /<namespace>/state/a/b}; lock {@code x/y} is the directory
 * {@code /<namespace>/locks/x/y} holding Curator InterProcessMutex nodes {@code _c_<uuid>-lock-NNNNNNNNNN}; the lowest
 * sequence holds the lock, and its czxid is the fencing token.
 */
package io.metastate.zookeeper;
