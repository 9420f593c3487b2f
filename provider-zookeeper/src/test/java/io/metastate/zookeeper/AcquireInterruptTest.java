package io.metastate.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.metastate.CoordinationClient;
import io.metastate.error.OperationInterruptedException;
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
 * Hole 15 on ZooKeeper: a timeout of zero or less is exactly one try; an interrupted acquire (flag set on entry, or
 * interrupted while queued) withdraws its waiter (its node is deleted), keeps the interrupt flag set, and throws
 * {@link OperationInterruptedException}.
 */
class AcquireInterruptTest {
  private static final ZooKeeperFixture FIXTURE = new ZooKeeperFixture();
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

  @Test
  @DisplayName("a negative timeout is one try: granted when free, empty at once when held, no node left behind")
  void negativeTimeoutIsOneTry() throws Exception {
    try (CoordinationClient a = FIXTURE.open("a");
        CoordinationClient b = FIXTURE.open("b")) {
      Optional<LockLease> first = a.locks().acquire("interrupt/negative", Duration.ofSeconds(-1));
      assertThat(first).as("a free lock with a negative timeout").isPresent();
      assertThat(b.locks().acquire("interrupt/negative", Duration.ofMillis(-5))).as("a held lock").isEmpty();
      assertThat(nodes("interrupt/negative")).as("contenders after the failed try").hasSize(1);
      first.get().release();
    }
  }

  @Test
  @DisplayName("an acquire with the interrupt flag set throws OperationInterruptedException, keeps the flag, takes nothing")
  void interruptedOnEntry() throws Exception {
    try (CoordinationClient a = FIXTURE.open("a");
        CoordinationClient b = FIXTURE.open("b")) {
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> a.locks().acquire("interrupt/entry", TestTiming.seconds(10)))
            .isInstanceOf(OperationInterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag after the acquire").isTrue();
      } finally {
        Thread.interrupted();
      }
      await().atMost(TestTiming.waitLimit()).until(() -> nodes("interrupt/entry").isEmpty());
      assertThat(b.locks().tryAcquire("interrupt/entry")).as("the lock, for another session").isPresent()
          .get().satisfies(LockLease::release);
    }
  }

  @Test
  @DisplayName("an acquire interrupted in the queue throws OperationInterruptedException, keeps the flag, withdraws")
  void interruptedWhileQueued() throws Exception {
    try (CoordinationClient holder = FIXTURE.open("holder");
        CoordinationClient waiter = FIXTURE.open("waiter");
        CoordinationClient third = FIXTURE.open("third")) {
      LockLease held = holder.locks().tryAcquire("interrupt/queued").orElseThrow();
      CompletableFuture<Throwable> thrown = new CompletableFuture<>();
      CompletableFuture<Boolean> flag = new CompletableFuture<>();
      Thread t = new Thread(() -> {
        try {
          waiter.locks().acquire("interrupt/queued", TestTiming.seconds(60)).ifPresent(LockLease::release);
          thrown.complete(null);
        } catch (RuntimeException e) {
          thrown.complete(e);
        }
        flag.complete(Thread.currentThread().isInterrupted());
      }, "queued-waiter");
      t.start();
      await().atMost(TestTiming.waitLimit()).until(() -> nodes("interrupt/queued").size() == 2);

      t.interrupt();

      assertThat(thrown.get(WAIT, TimeUnit.MILLISECONDS)).isInstanceOf(OperationInterruptedException.class);
      assertThat(flag.get(WAIT, TimeUnit.MILLISECONDS)).as("interrupt flag after the acquire").isTrue();
      await().atMost(TestTiming.waitLimit()).until(() -> nodes("interrupt/queued").size() == 1);
      held.release();
      assertThat(third.locks().acquire("interrupt/queued", TestTiming.waitLimit()))
          .as("the lock after its holder released, with the interrupted waiter withdrawn").isPresent()
          .get().satisfies(LockLease::release);
    }
  }
}
