package io.metastate.testing.zookeeper;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/** Server-side session faults for tests. */
public final class ZooKeeperSessions {
  private ZooKeeperSessions() {}

  /**
   * Ends a session on the server, as if its timeout had run out: its ephemeral nodes are deleted, and its own
   * client is told EXPIRED on its next contact. Works by attaching a second connection to the same session id and
   * password and closing it (the standard ZooKeeper test technique), so no server internals are touched.
   *
   * @throws IllegalStateException if the server cannot be reached within {@code timeout}
   */
  public static void expire(String connectString, long sessionId, byte[] password, Duration timeout) {
    CountDownLatch attached = new CountDownLatch(1);
    Watcher watcher = event -> {
      if (event.getState() == Watcher.Event.KeeperState.SyncConnected
          || event.getState() == Watcher.Event.KeeperState.Expired) {
        attached.countDown();
      }
    };
    try {
      ZooKeeper twin = new ZooKeeper(connectString, (int) timeout.toMillis(), watcher, sessionId, password);
      try {
        if (!attached.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("could not attach to session 0x" + Long.toHexString(sessionId) + " at "
              + connectString + " within " + timeout);
        }
      } finally {
        twin.close(); // closing the session ends it on the server, for every connection of it
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while expiring a session", e);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("could not connect to " + connectString + ": " + e, e);
    }
  }
}
