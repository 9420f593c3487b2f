package io.metastate.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import io.metastate.testing.TestTiming;
import io.metastate.testing.zookeeper.ZooKeeperTestServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.locks.LockInternals;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Our locks and a plain Curator InterProcessMutex on the same path exclude each other, both ways. */
class CuratorInteropTest {
  private static ZooKeeperTestServer server;
  private static CuratorFramework curator;

  @BeforeAll
  static void start() throws InterruptedException {
    server = ZooKeeperTestServer.start();
    // The native client sees our namespace as its own: locks live under /locks/<name> there.
    curator = CuratorFrameworkFactory.builder().connectString(server.connectString()).namespace("interop")
        .retryPolicy(new RetryOneTime(100)).build();
    curator.start();
    assertThat(curator.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
  }

  @AfterAll
  static void stop() {
    curator.close();
    server.close();
  }

  private static CoordinationClient open(String owner) {
    return MetaState.open(ZooKeeperFixture.config(server.connectString(), owner)
        .with(ZooKeeperClientBuilder.NAMESPACE, "interop"));
  }

  @Test
  @DisplayName("while Curator holds the mutex, we cannot take it; when Curator releases, our waiter is granted")
  void curatorHoldsFirst() throws Exception {
    InterProcessMutex mutex = new InterProcessMutex(curator, "/locks/jobs/a");
    try (CoordinationClient ours = open("ours")) {
      assertThat(mutex.acquire(5, TimeUnit.SECONDS)).isTrue();
      assertThat(ours.locks().tryAcquire("jobs/a")).isEmpty();
      CompletableFuture<LockLease> waiting = ours.locks().acquireAsync("jobs/a");
      // The holder we report is Curator's node, with its czxid as the token.
      LockInfo holder = ours.locks().query("jobs/a").orElseThrow();
      String curatorNode = mutex.getParticipantNodes().iterator().next();
      Stat stat = curator.checkExists().forPath(curatorNode); // a path inside Curator's namespace
      assertThat(holder.token().value()).isEqualTo(stat.getCzxid());
      assertThat(waiting).isNotDone();
      mutex.release();
      LockLease lease = waiting.get(TestTiming.waitLimit().toMillis(), TimeUnit.MILLISECONDS);
      assertThat(lease.isHeld()).isTrue();
      assertThat(lease.token().value()).isGreaterThan(stat.getCzxid());
      lease.release();
    }
  }

  @Test
  @DisplayName("while we hold the lock, Curator's acquire queues behind our node and blocks; after our release Curator"
      + " gets it")
  void oursHoldsFirst() throws Exception {
    InterProcessMutex mutex = new InterProcessMutex(curator, "/locks/jobs/b");
    try (CoordinationClient ours = open("ours")) {
      LockLease lease = ours.locks().tryAcquire("jobs/b").orElseThrow();
      String ourNode = curator.getChildren().forPath("/locks/jobs/b").get(0);
      CompletableFuture<Thread> curatorThread = new CompletableFuture<>();
      CompletableFuture<Boolean> curatorWaits = CompletableFuture.supplyAsync(() -> {
        curatorThread.complete(Thread.currentThread());
        try {
          return mutex.acquire(TestTiming.waitLimit().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      // Not granted once Curator has really tried: its node is in the queue and its thread waits for our node to go.
      Thread waiter = curatorThread.get(TestTiming.waitLimit().toMillis(), TimeUnit.MILLISECONDS);
      await().atMost(TestTiming.waitLimit())
          .until(() -> curatorWaits.isDone() || (mutex.getParticipantNodes().size() == 2 && waitsInLockLoop(waiter)));
      assertThat(curatorWaits).isNotDone();
      assertThat(mutex.isAcquiredInThisProcess()).isFalse();
      // Our node has the protected InterProcessMutex name, and Curator sees it as the participant ahead of it.
      assertThat(ourNode).matches("_c_[0-9a-f-]{36}-lock-\\d{10}");
      assertThat(mutex.getParticipantNodes()).first().asString().endsWith("/" + ourNode);
      assertThat(ours.locks().query("jobs/b").orElseThrow().ownerId()).isEqualTo("ours");
      lease.release();
      assertThat(curatorWaits.get(TestTiming.waitLimit().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      assertThat(ours.locks().tryAcquire("jobs/b")).isEmpty();
      // InterProcessMutex is owned by the thread that acquired it: release on that thread's behalf is not
      // possible here, so end its session's hold by force, as an operator would.
      assertThat(ours.locks().forceRelease("jobs/b")).isTrue();
      assertThat(ours.locks().tryAcquire("jobs/b")).isPresent();
    }
  }

  /** Whether {@code thread} is parked in {@code Object.wait} called from Curator's lock loop (its node is queued). */
  private static boolean waitsInLockLoop(Thread thread) {
    StackTraceElement[] stack = thread.getStackTrace();
    for (StackTraceElement frame : stack) {
      if (!frame.getClassName().equals(Object.class.getName())) {
        return frame.getClassName().equals(LockInternals.class.getName())
            && frame.getMethodName().equals("internalLockLoop") && stack[0].getClassName().equals("java.lang.Object");
      }
    }
    return false;
  }
}
