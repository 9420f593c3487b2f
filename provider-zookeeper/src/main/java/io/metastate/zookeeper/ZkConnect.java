package io.metastate.zookeeper;

import io.metastate.error.BackendUnavailableException;
import io.metastate.error.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * Opening a client: Curator set up from the settings, the first connection awaited, the namespace layout made and
 * the credentials proven on it, and only then the client handed out, listening to Curator's connection states.
 */
final class ZkConnect {
  private ZkConnect() {}

  static ZkClient open(ZkSettings s) {
    CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
        .connectString(s.connect())
        .sessionTimeoutMs(s.sessionTimeoutMs())
        .connectionTimeoutMs(s.connectionTimeoutMs())
        .retryPolicy(new ExponentialBackoffRetry(s.retryBaseSleepMs(), s.retryMax()))
        // The connect string is what the user chose; don't let server-side config rewrite it.
        .ensembleTracker(false);
    if (s.auth() != null) {
      builder.authorization("digest", s.auth().getBytes(StandardCharsets.UTF_8));
    }
    CuratorFramework curator = builder.build();
    long contactAt = s.ticker().read(); // the session is created by a request sent after this
    curator.start();
    try {
      if (!curator.blockUntilConnected(s.connectionTimeoutMs(), TimeUnit.MILLISECONDS)) {
        throw new BackendUnavailableException("could not connect to ZooKeeper at '" + s.connect() + "' ("
            + ZooKeeperClientBuilder.CONNECT + ") within " + s.connectionTimeoutMs() + " ms ("
            + ZooKeeperClientBuilder.CONNECTION_TIMEOUT + "); check that a server is running there", null);
      }
      ZkClient client = new ZkClient(s, curator, curator.getZookeeperClient().getZooKeeper(), contactAt);
      prepareLayout(client);
      curator.getConnectionStateListenable().addListener((c, newState) -> client.connectionChanged(newState));
      if (client.currentSessionId() != client.sessionId()) {
        client.expire(); // lost between connecting and listening: never hand out a dead client as alive
      } else {
        client.startHeartbeat();
      }
      return client;
    } catch (InterruptedException e) {
      curator.close();
      Thread.currentThread().interrupt();
      throw new BackendUnavailableException("interrupted while connecting to ZooKeeper at " + s.connect(), e);
    } catch (RuntimeException e) {
      curator.close();
      throw e;
    } catch (Exception e) {
      curator.close();
      throw new BackendUnavailableException("could not connect to ZooKeeper at " + s.connect() + ": " + e, e);
    }
  }

  /** Creates the state and locks roots, and proves the credentials may use them. */
  private static void prepareLayout(ZkClient client) {
    ZkSettings settings = client.settings();
    ZooKeeper zk = client.zk();
    for (String root : List.of(settings.stateRoot(), settings.locksRoot())) {
      try {
        client.createParents(zk, root + "/x", CreateMode.PERSISTENT);
        client.send(() -> zk.getChildren(root, false));
      } catch (KeeperException e) {
        if (e.code() == KeeperException.Code.NOAUTH || e.code() == KeeperException.Code.AUTHFAILED) {
          throw new ConfigurationException("ZooKeeper refused access to " + root + " (" + e.code() + "): "
              + (settings.auth() == null ? "the namespace is protected by an ACL; set " + ZooKeeperClientBuilder.AUTH
                  : "the credentials in " + ZooKeeperClientBuilder.AUTH + " for user '"
                      + settings.auth().substring(0, settings.auth().indexOf(':')) + "' are not the ones that created it"),
              e);
        }
        throw client.fail(e, root, -1);
      } catch (InterruptedException e) {
        throw Errors.interrupted(root, e);
      }
    }
  }
}
