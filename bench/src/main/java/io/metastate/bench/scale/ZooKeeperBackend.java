package io.metastate.bench.scale;

import io.metastate.CoordinationClient;
import io.metastate.testing.zookeeper.Srvr;
import io.metastate.testing.zookeeper.ZooKeeperTestServer;
import io.metastate.zookeeper.ZooKeeperClientBuilder;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;

/**
 * The ZooKeeper provider on an in-process ZooKeeper (test-servers' {@link ZooKeeperTestServer}), and raw Curator beside
 * it: InterProcessMutex, persistent recursive watches, getData/getChildren. Server counters come from the {@code srvr}
 * command.
 */
final class ZooKeeperBackend implements Backend {
  /** Without ZooKeeper's limit of 60 connections from one address: the 64-contender point opens 64 sessions. */
  private final ZooKeeperTestServer server = ZooKeeperTestServer.start(0);

  @Override
  public String name() {
    return "zookeeper";
  }

  @Override
  public CoordinationClient open(String owner) {
    return ZooKeeperClientBuilder.builder().connect(server.connectString()).namespace("ours")
        .sessionTimeout(Duration.ofSeconds(5)).connectionTimeout(Duration.ofSeconds(5)).ownerId(owner).open();
  }

  private CuratorFramework curator() {
    CuratorFramework c = CuratorFrameworkFactory.builder().connectString(server.connectString()).namespace("raw")
        .sessionTimeoutMs(5000).connectionTimeoutMs(5000).retryPolicy(new ExponentialBackoffRetry(100, 3)).build();
    c.start();
    try {
      if (!c.blockUntilConnected(15, TimeUnit.SECONDS)) {
        throw new IllegalStateException("raw Curator could not connect to " + server.connectString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return c;
  }

  @Override
  public RawLock rawLock(String name) {
    CuratorFramework c = curator();
    InterProcessMutex mutex = new InterProcessMutex(c, "/locks/" + name);
    return new RawLock() {
      @Override
      public void acquire() throws Exception {
        mutex.acquire();
      }

      @Override
      public void release() throws Exception {
        mutex.release();
      }

      @Override
      public void close() {
        c.close();
      }
    };
  }

  @Override
  public RawHolder rawHolder() {
    CuratorFramework c = curator();
    List<InterProcessMutex> held = java.util.Collections.synchronizedList(new ArrayList<>());
    return new RawHolder() {
      @Override
      public void hold(String name) throws Exception {
        InterProcessMutex m = new InterProcessMutex(c, "/held/" + name);
        m.acquire();
        held.add(m); // kept, as a user who will release it keeps it
      }

      @Override
      public void close() {
        c.close();
      }
    };
  }

  @Override
  public RawWatches rawWatches(String prefix) {
    List<CuratorFramework> clients = new ArrayList<>();
    CuratorFramework writer = curator();
    clients.add(writer);
    return new RawWatches() {
      @Override
      public void watch(int client, Runnable onEvent) throws Exception {
        while (clients.size() <= client + 1) {
          clients.add(curator());
        }
        Watcher w = e -> {
          if (e.getType() == Watcher.Event.EventType.NodeDataChanged) {
            onEvent.run();
          }
        };
        clients.get(client + 1).watchers().add().withMode(AddWatchMode.PERSISTENT_RECURSIVE).usingWatcher(w)
            .forPath("/" + prefix);
      }

      @Override
      public void write(int node) throws Exception {
        String path = "/" + prefix + "/n" + node;
        try {
          writer.setData().forPath(path, TreePaths.VALUE);
        } catch (KeeperException.NoNodeException e) {
          writer.create().creatingParentsIfNeeded().forPath(path, TreePaths.VALUE);
        }
      }

      @Override
      public void close() {
        clients.forEach(CuratorFramework::close);
      }
    };
  }

  @Override
  public RawTree rawTree(String prefix) {
    CuratorFramework c = curator();
    return new RawTree() {
      @Override
      public void populate(int from, int to) throws Exception {
        if (from == 0) {
          c.create().creatingParentsIfNeeded().forPath("/" + prefix + "/tree");
        }
        List<CuratorOp> ops = new ArrayList<>();
        for (int i = from; i < to; i++) {
          if (i % TreePaths.FAN_OUT == 0) {
            ops.add(c.transactionOp().create().forPath("/" + prefix + TreePaths.bucket(i / TreePaths.FAN_OUT)));
          }
          ops.add(c.transactionOp().create().forPath("/" + prefix + TreePaths.node(i), TreePaths.VALUE));
          if (ops.size() >= 500 || i == to - 1) {
            c.transaction().forOperations(ops);
            ops.clear();
          }
        }
      }

      @Override
      public void get(int node) throws Exception {
        c.getData().forPath("/" + prefix + TreePaths.node(node));
      }

      @Override
      public int children(int bucket) throws Exception {
        return c.getChildren().forPath("/" + prefix + TreePaths.bucket(bucket)).size();
      }

      @Override
      public void close() {
        c.close();
      }
    };
  }

  @Override
  public Counters counters() {
    return new Counters() {
      @Override
      public long requests() {
        return srvr("Received: ");
      }

      @Override
      public long notifications() {
        // every request gets one reply; what the server sent beyond replies are watch notifications
        return srvr("Sent: ") - srvr("Received: ");
      }
    };
  }

  /** A figure from ZooKeeper's {@code srvr} four-letter command (whitelisted by default). */
  private long srvr(String label) {
    return Srvr.ask(server.port()).lines().filter(line -> line.startsWith(label)).findFirst()
        .map(line -> Long.parseLong(line.substring(label.length()).trim()))
        .orElseThrow(() -> new IllegalStateException("ZooKeeper srvr printed no '" + label + "'"));
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (UncheckedIOException e) {
      // the temporary server is gone either way
    }
  }
}
