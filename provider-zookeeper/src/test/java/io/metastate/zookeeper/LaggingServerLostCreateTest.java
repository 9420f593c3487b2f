package io.metastate.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.lock.LockLease;
import io.metastate.tck.wire.LoopbackProxy;
import io.metastate.testing.TestTiming;
import io.metastate.testing.zookeeper.ZooKeeperEnsemble;
import io.metastate.testing.zookeeper.ZooKeeperProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hole 11 on a real ensemble: a lock node create whose reply is lost through one follower, then a reconnect to another
 * follower that has received the create's commit but not yet applied it. A scan there without a {@code sync} misses
 * the node; the attempt creates a second one and waits behind its own first one for the session's life.
 *
 * <p>How the lag is made (separate JVMs, loopback only): the follower the client moves to is frozen (SIGSTOP) while
 * the leader commits a burst of writes and then the create; the client's reconnect waits in the frozen follower's
 * accept queue. Once continued, the follower reads the backlog at once and re-validates the session with the leader
 * over the same ordered channel, so it accepts the session with every commit received; but it applies them one at a
 * time, and ZooKeeper's CommitProcessor serves a read from a session with no write of its own pending in between.
 * Sessions on that follower watching the burst's node make each application dearer (a notification apiece), which
 * widens the window. On the code before the fix (ae9270b^) every round of ten missed; after it, none.
 */
class LaggingServerLostCreateTest {
  private static final int ROUNDS = 5;
  private static final int BURST = 20_000;
  private static final int WATCHERS = 6;
  /**
   * A follower frozen for seconds stays in the ensemble (syncLimit ticks), and sessions may be long enough to outlast
   * its pause and the reconnect (the default maximum is 20 ticks).
   */
  private static final String CONFIG = "syncLimit=60\nmaxSessionTimeout=60000\n";
  private static final Duration SESSION = Duration.ofSeconds(15);
  /** Watchers outlast the pause without reconnecting, so that the only new connection is the client's. */
  private static final int WATCHER_SESSION_MILLIS = 60_000;

  @Test
  @DisplayName("a create reply lost, then a reconnect to a lagging follower: the acquire is granted on one own node")
  void lostCreateThenLaggingFollower() throws Exception {
    try (ZooKeeperEnsemble ensemble = ZooKeeperEnsemble.start(3, CONFIG)) {
      ZooKeeperProcess leader = ensemble.leader();
      List<ZooKeeperProcess> followers = ensemble.members().stream().filter(m -> m != leader).toList();
      ZooKeeperProcess lagging = followers.get(0);
      ZooKeeperProcess first = followers.get(1);
      CuratorFramework direct = CuratorFrameworkFactory.newClient(leader.connectString(), new RetryOneTime(100));
      direct.start();
      List<ZooKeeper> watchers = new ArrayList<>();
      try {
        direct.create().forPath("/burst", new byte[0]);
        for (int i = 0; i < WATCHERS; i++) {
          ZooKeeper watcher = new ZooKeeper(lagging.connectString(), WATCHER_SESSION_MILLIS, e -> { });
          watchers.add(watcher);
          watcher.addWatch("/burst", e -> { }, AddWatchMode.PERSISTENT);
        }
        for (int round = 0; round < ROUNDS; round++) {
          round(direct, first, lagging, "late-create/" + round);
        }
      } finally {
        for (ZooKeeper watcher : watchers) {
          watcher.close();
        }
        direct.close();
      }
    }
  }

  private void round(CuratorFramework direct, ZooKeeperProcess first, ZooKeeperProcess lagging, String lock)
      throws Exception {
    try (LoopbackProxy toFirst = LoopbackProxy.to(first.port());
        LoopbackProxy toLagging = LoopbackProxy.to(lagging.port())) {
      toLagging.cut(); // the session starts on the first follower
      try (CoordinationClient client = MetaState.open(
          ZooKeeperFixture.config(toFirst.address() + "," + toLagging.address(), "late-" + lock, SESSION))) {
        client.locks().tryAcquire(lock).orElseThrow().release(); // the lock's directory exists from now on
        awaitCaughtUp(direct, lagging, lock);
        int connections = established(lagging.port());
        lagging.pause();
        boolean paused = true;
        try {
          burst(direct);
          CompletableFuture<Void> tripped = toFirst.loseNextReply(lock + "/_c_", Duration.ofSeconds(2));
          CompletableFuture<Optional<LockLease>> acquired = CompletableFuture.supplyAsync(
              () -> client.locks().acquire(lock, TestTiming.seconds(8)));
          tripped.get(TestTiming.waitLimit().toMillis(), TimeUnit.MILLISECONDS);
          await().atMost(TestTiming.waitLimit()).until(() -> nodes(direct, lock).size() == 1); // committed
          toLagging.restore();
          toFirst.cut();
          // the client's reconnect, waiting in the frozen follower's accept queue
          await().atMost(TestTiming.waitLimit()).until(() -> established(lagging.port()) > connections);
          lagging.resume();
          paused = false;

          Optional<LockLease> lease = acquired.get(TestTiming.seconds(30).toMillis(), TimeUnit.MILLISECONDS);
          assertThat(lease).as("%s: the acquire of a free lock, not queued behind a node of its own; nodes %s", lock,
              nodes(direct, lock)).isPresent();
          assertThat(nodes(direct, lock)).as("%s: contender nodes while it holds the lock", lock).hasSize(1);
          lease.get().release();
          assertThat(nodes(direct, lock)).as("%s: contender nodes after the release", lock).isEmpty();
        } finally {
          if (paused) {
            lagging.resume();
          }
        }
      }
    }
  }

  /** Thousands of writes through the leader, all acknowledged: the frozen follower's backlog. */
  private static void burst(CuratorFramework direct) throws Exception {
    ZooKeeper zk = direct.getZookeeperClient().getZooKeeper();
    CountDownLatch done = new CountDownLatch(BURST);
    AtomicInteger failed = new AtomicInteger();
    byte[] data = new byte[16];
    for (int i = 0; i < BURST; i++) {
      zk.setData("/burst", data, -1, (rc, path, ctx, stat) -> {
        if (rc != KeeperException.Code.OK.intValue()) {
          failed.incrementAndGet();
        }
        done.countDown();
      }, null);
    }
    assertThat(done.await(TestTiming.seconds(30).toMillis(), TimeUnit.MILLISECONDS)).as("burst written").isTrue();
    assertThat(failed).as("failed burst writes").hasValue(0);
  }

  /** Waits until the follower has applied everything the client has seen, so it will accept the client's session. */
  private static void awaitCaughtUp(CuratorFramework direct, ZooKeeperProcess follower, String lock) throws Exception {
    String marker = "/caught-up-" + lock.replace('/', '-');
    direct.create().forPath(marker);
    try (CuratorFramework there = CuratorFrameworkFactory.newClient(follower.connectString(), new RetryOneTime(100))) {
      there.start();
      await().atMost(TestTiming.waitLimit()).until(() -> there.checkExists().forPath(marker) != null);
    }
  }

  private static List<String> nodes(CuratorFramework direct, String lock) throws Exception {
    try {
      return direct.getChildren().forPath("/locks/" + lock);
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    }
  }

  /**
   * Established TCP connections whose local end is {@code port}: accepted, or waiting in the accept queue of a frozen
   * server. Polling the kernel's table: a frozen server offers no event to wait on.
   */
  private static int established(int port) {
    String local = String.format(":%04X", port);
    int count = 0;
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) { // Java's sockets are mostly dual-stack (tcp6)
      try {
        count += (int) Files.readAllLines(Path.of(table)).stream().skip(1).map(String::trim)
            .map(l -> l.split("\\s+")).filter(f -> f[1].endsWith(local) && f[3].equals("01")).count();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return count;
  }
}
