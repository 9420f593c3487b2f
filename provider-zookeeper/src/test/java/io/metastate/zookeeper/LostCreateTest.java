package io.metastate.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.metastate.CoordinationClient;
import io.metastate.error.ConnectionLossException;
import io.metastate.lock.LockLease;
import io.metastate.testing.TestTiming;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hole 11 (the path): a lock node create whose reply is lost (the server applied it; the client saw connection loss)
 * must neither make the attempt wait behind its own leftover node nor leave that node behind.
 */
class LostCreateTest {
  private static final ZooKeeperFixture FIXTURE = new ZooKeeperFixture();
  /** Long enough to outlast the reconnect a lost reply costs. */
  private static final Duration SESSION = Duration.ofSeconds(5);
  private static final long WAIT = TestTiming.waitLimit().toMillis();
  private static CuratorFramework curator;

  @BeforeAll
  static void start() {
    curator = CuratorFrameworkFactory.newClient("127.0.0.1:" + FIXTURE.serverPort(), new RetryOneTime(100));
    curator.start();
  }

  @AfterAll
  static void stop() {
    curator.close();
    FIXTURE.close();
  }

  /** The contender nodes of a lock, read with a plain Curator client. */
  private static List<String> nodes(String name) throws Exception {
    try {
      return curator.getChildren().forPath("/locks/" + name);
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    }
  }

  /** Only the create of a contender node carries the lock's name followed by the protected prefix. */
  private static String createOf(String name) {
    return name + "/_c_";
  }

  @Test
  @DisplayName("a queued acquire whose create reply is lost is granted on its one node when the holder leaves")
  void queuedAcquire() throws Exception {
    String lock = "lost-create/queued";
    try (CoordinationClient holder = FIXTURE.open("holder", SESSION);
        CoordinationClient waiter = FIXTURE.open("waiter", SESSION)) {
      LockLease held = holder.locks().tryAcquire(lock).orElseThrow();
      CompletableFuture<Void> tripped = FIXTURE.proxy(waiter).loseNextReply(createOf(lock));
      CompletableFuture<Optional<LockLease>> acquired = CompletableFuture.supplyAsync(
          () -> waiter.locks().acquire(lock, TestTiming.seconds(60)));
      tripped.get(WAIT, TimeUnit.MILLISECONDS);
      await().atMost(TestTiming.waitLimit()).until(() -> nodes(lock).size() == 2); // the holder's and the waiter's

      held.release();

      Optional<LockLease> lease = acquired.get(WAIT, TimeUnit.MILLISECONDS);
      assertThat(lease).as("the waiter's grant after the holder released").isPresent();
      assertThat(nodes(lock)).as("contender nodes while the waiter holds the lock").hasSize(1);
      lease.get().release();
      assertThat(nodes(lock)).as("contender nodes after the release").isEmpty();
    }
  }

  @Test
  @DisplayName("a try whose create reply is lost leaves no node behind: the lock is free for others and for itself")
  void lostTry() throws Exception {
    String lock = "lost-create/try";
    try (CoordinationClient client = FIXTURE.open("trier", SESSION);
        CoordinationClient other = FIXTURE.open("other", SESSION)) {
      FIXTURE.proxy(client).loseNextReply(createOf(lock));
      assertThatThrownBy(() -> client.locks().tryAcquire(lock)).isInstanceOf(ConnectionLossException.class);

      await().atMost(TestTiming.waitLimit()).until(() -> nodes(lock).isEmpty());
      assertThat(other.locks().tryAcquire(lock)).as("the lock, for another session").isPresent().get()
          .satisfies(LockLease::release);
      await().atMost(TestTiming.waitLimit()).until(() -> client.locks().tryAcquire(lock).map(l -> {
        l.release();
        return true;
      }).orElse(false));
    }
  }
}
