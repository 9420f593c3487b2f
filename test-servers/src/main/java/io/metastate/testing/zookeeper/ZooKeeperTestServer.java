package io.metastate.testing.zookeeper;

import io.metastate.testing.Loopback;
import io.metastate.testing.TestTiming;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * An in-process ZooKeeper (curator-test {@link TestingServer}) listening on 127.0.0.1 only, on a free port, with a
 * temporary data directory and a short tick (250 ms), so that sessions may be as short as 500 ms and up to 5 s.
 *
 * <pre>{@code
 * try (ZooKeeperTestServer zk = ZooKeeperTestServer.start()) {
 *   config.set("metastate.zookeeper.connect", zk.connectString());
 *   zk.stop(); zk.restart();      // same port, same data
 * }
 * }</pre>
 */
public final class ZooKeeperTestServer implements AutoCloseable {
  /** The tick of test servers: minimum session timeout is twice this, maximum twenty times. */
  public static final int TICK_MILLIS = 250;

  private final TestingServer server;
  private final File dataDir;

  private ZooKeeperTestServer(TestingServer server, File dataDir) {
    this.server = server;
    this.dataDir = dataDir;
  }

  /** Starts a server on a free 127.0.0.1 port and waits until it serves. */
  public static ZooKeeperTestServer start() {
    return start(60);
  }

  /**
   * Like {@link #start()}, taking at most {@code maxClientConnections} from one address instead of ZooKeeper's 60
   * (0: no limit), for a run that opens more sessions than that.
   */
  public static ZooKeeperTestServer start(int maxClientConnections) {
    try {
      File dir = Loopback.tempDir("metastate-zk-").toFile();
      InstanceSpec spec = new InstanceSpec(dir, Loopback.freePort(), Loopback.freePort(), Loopback.freePort(), true, 1,
          TICK_MILLIS, maxClientConnections,
          Map.<String, Object>of("clientPortAddress", "127.0.0.1", "admin.enableServer", "false"), "127.0.0.1");
      return new ZooKeeperTestServer(new TestingServer(spec, true), dir);
    } catch (Exception e) {
      throw new IllegalStateException("could not start an in-process ZooKeeper: " + e, e);
    }
  }

  /** {@code 127.0.0.1:<port>}. */
  public String connectString() {
    return server.getConnectString();
  }

  /** The client port. */
  public int port() {
    return server.getPort();
  }

  /** Stops the server, keeping its data; clients see the connection drop. */
  public void stop() {
    try {
      server.stop();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a stopped server again on the same port with the same data (sessions survive if not yet expired). */
  public void restart() {
    try {
      server.restart();
    } catch (Exception e) {
      throw new IllegalStateException("could not restart ZooKeeper on port " + port() + ": " + e, e);
    }
  }

  /**
   * Expires a client's session on the server now (see {@link ZooKeeperSessions#expire}), waiting at most
   * {@link TestTiming#waitLimit()}.
   */
  public void expireSession(long sessionId, byte[] password) {
    ZooKeeperSessions.expire(connectString(), sessionId, password, TestTiming.waitLimit());
  }

  /** Stops the server and deletes its data. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Loopback.deleteTree(dataDir.toPath());
    }
  }
}
