package io.metastate.bench;

import io.metastate.CoordinationClient;
import io.metastate.bench.Harness.Case;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.testing.zookeeper.ZooKeeperTestServer;
import io.metastate.zookeeper.ZooKeeperClientBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * The ZooKeeper provider against raw Curator on the same in-process ZooKeeper (127.0.0.1), in the same run, cases
 * taking turns: lock acquire+release on one client and with 4 contending clients (raw: InterProcessMutex on the same
 * layout), and a CAS set (raw: {@code setData().withVersion()}). Target: ours/raw >= 0.95 on each.
 */
final class ZooKeeperBench implements Suite {
  private static final byte[] VALUE = new byte[100];
  private static final int CLIENTS = 4;
  private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

  @Override
  public void run(Harness h) throws Exception {
    List<CoordinationClient> ours = new ArrayList<>();
    List<CuratorFramework> raw = new ArrayList<>();
    try (ZooKeeperTestServer server = ZooKeeperTestServer.start()) {
      for (int i = 0; i < CLIENTS; i++) {
        ours.add(ZooKeeperClientBuilder.builder().connect(server.connectString()).namespace("ours")
            .sessionTimeout(Duration.ofSeconds(5)).ownerId("bench-" + i).open());
        CuratorFramework c = CuratorFrameworkFactory.builder().connectString(server.connectString()).namespace("raw")
            .sessionTimeoutMs(5000).retryPolicy(new ExponentialBackoffRetry(100, 3)).build();
        c.start();
        if (!c.blockUntilConnected(15, TimeUnit.SECONDS)) {
          throw new IllegalStateException("raw Curator client could not connect to " + server.connectString());
        }
        raw.add(c);
      }
      InterProcessMutex rawSolo = new InterProcessMutex(raw.get(0), "/locks/solo");
      InterProcessMutex[] rawContended = new InterProcessMutex[CLIENTS];
      for (int i = 0; i < CLIENTS; i++) {
        rawContended[i] = new InterProcessMutex(raw.get(i), "/locks/contended");
      }
      MetaStateService state = ours.get(0).state();
      state.create("/cas", VALUE, CreateMode.PERSISTENT);
      raw.get(0).create().forPath("/cas", VALUE);
      long[] ourVersion = {0};
      int[] rawVersion = {0};

      List<Result> r = h.alternate(5, List.of(
          new Case("raw Curator InterProcessMutex acquire+release, 1 client", 1, (t, i) -> {
            rawSolo.acquire();
            rawSolo.release();
          }),
          new Case("metastate lock acquire+release, 1 client", 1,
              (t, i) -> ours.get(0).locks().acquire("solo", LOCK_WAIT).orElseThrow().release()),
          new Case("raw Curator InterProcessMutex, 4 contending clients", CLIENTS, (t, i) -> {
            rawContended[t].acquire();
            rawContended[t].release();
          }),
          new Case("metastate lock, 4 contending clients", CLIENTS,
              (t, i) -> ours.get(t).locks().acquire("contended", LOCK_WAIT).orElseThrow().release()),
          new Case("raw Curator setData().withVersion()", 1,
              (t, i) -> rawVersion[0] = raw.get(0).setData().withVersion(rawVersion[0]).forPath("/cas", VALUE)
                  .getVersion()),
          new Case("metastate CAS set (expected version)", 1,
              (t, i) -> ourVersion[0] = state.set("/cas", VALUE, ourVersion[0]).version())));
      h.ratio("lock acquire+release, 1 client: ours/raw InterProcessMutex", r.get(1), r.get(0), 0.95);
      h.ratio("lock acquire+release, 4 contending: ours/raw InterProcessMutex", r.get(3), r.get(2), 0.95);
      h.ratio("CAS set: ours/raw setData().withVersion()", r.get(5), r.get(4), 0.95);
    } finally {
      ours.forEach(CoordinationClient::close);
      raw.forEach(CuratorFramework::close);
    }
  }
}
