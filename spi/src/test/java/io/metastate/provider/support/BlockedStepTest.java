package io.metastate.provider.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metastate.Ticker;
import io.metastate.error.ClientClosedException;
import io.metastate.error.SessionExpiredException;
import io.metastate.lock.FencingToken;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import io.metastate.provider.AbstractSession;
import io.metastate.provider.EventDispatcher;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A step blocked in the driver's I/O must not hold up the end of the session: a provider whose session transitions
 * fire on the thread that would complete that I/O would deadlock, and any other would wait a request timeout.
 */
@DisplayName("the lock service's waiters, while a step is blocked in the driver")
class BlockedStepTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  /** One claim, never first: its second look at the queue blocks until {@link #unblock} opens. */
  private static final class BlockingDriver implements LockDriver<Object, Object> {
    final CountDownLatch blocked = new CountDownLatch(1);
    final CountDownLatch unblock = new CountDownLatch(1);
    final AtomicInteger checks = new AtomicInteger();
    final AtomicInteger withdrawn = new AtomicInteger();
    final AtomicReference<Runnable> wake = new AtomicReference<>();

    @Override
    public Object claim(String name, boolean onlyIfFree, Runnable wake) {
      this.wake.set(wake);
      return new Object();
    }

    @Override
    public FencingToken token(Object claim) {
      return new FencingToken(1);
    }

    @Override
    public QueuePosition<Object> checkHead(Object claim) {
      if (checks.incrementAndGet() > 1) {
        blocked.countDown();
        try {
          unblock.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return QueuePosition.behind("predecessor");
    }

    @Override
    public boolean watchPredecessor(Object claim, Object predecessor) {
      return true;
    }

    @Override
    public void withdraw(Object claim) {
      withdrawn.incrementAndGet();
    }

    @Override
    public void release(ClaimLease<Object> lease) {
      throw new AssertionError("nothing is granted here");
    }
  }

  private static final class Locks extends AbstractLockService<Object, Object> {
    Locks(AbstractSession session, LockDriver<Object, Object> driver, ExecutorService executor) {
      super(session, driver, new NoHolders(), executor);
    }

    @Override
    protected void checkUsable() {}
  }

  /** Nobody holds a lock here: only the waiter's steps are under test. */
  private static final class NoHolders implements LockDirectory {
    @Override
    public Optional<LockInfo> query(String name) {
      return Optional.empty();
    }

    @Override
    public List<LockInfo> list(String prefix) {
      return List.of();
    }

    @Override
    public boolean forceRelease(String name) {
      return false;
    }
  }

  private final BlockingDriver driver = new BlockingDriver();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AbstractSession session =
      new AbstractSession(1, "owner", Duration.ofHours(1), new EventDispatcher(), Ticker.system(),
          Ticker.system().read()) { };
  private final Locks locks = new Locks(session, driver, executor);

  @AfterEach
  void unblock() {
    driver.unblock.countDown();
    executor.shutdownNow();
  }

  /** Queues a waiter, wakes it, and returns once its step is blocked in checkHead on the executor. */
  private CompletableFuture<LockLease> blockedWaiter() throws InterruptedException {
    CompletableFuture<LockLease> waiter = locks.acquireAsync("l");
    driver.wake.get().run();
    driver.blocked.await();
    return waiter;
  }

  @Test
  @DisplayName("an expiry fails the waiter at once, and its claim is withdrawn when the step ends")
  void expiryDoesNotWaitForTheStep() throws Exception {
    CompletableFuture<LockLease> waiter = blockedWaiter();
    SessionExpiredException cause = new SessionExpiredException("gone");
    CompletableFuture<Void> expiring = CompletableFuture.runAsync(() -> locks.expired(cause), executor);
    assertThat(expiring).as("expired() behind a blocked step").succeedsWithin(BOUND);
    assertThat(waiter).failsWithin(BOUND).withThrowableThat().withCause(cause);
    assertThat(driver.withdrawn).as("not withdrawn while the step still uses the claim").hasValue(0);
    driver.unblock.countDown();
    await().untilAsserted(() -> assertThat(driver.withdrawn).as("withdrawn once").hasValue(1));
  }

  @Test
  @DisplayName("a close fails the waiter at once")
  void closeDoesNotWaitForTheStep() throws Exception {
    CompletableFuture<LockLease> waiter = blockedWaiter();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(locks::closed, executor);
    assertThat(closing).as("closed() behind a blocked step").succeedsWithin(BOUND);
    assertThat(waiter).failsWithin(BOUND).withThrowableThat().withCauseInstanceOf(ClientClosedException.class);
  }

  @Test
  @DisplayName("a wake while a step runs is not lost: another step follows it")
  void wakeDuringAStep() throws Exception {
    CompletableFuture<LockLease> waiter = blockedWaiter();
    driver.wake.get().run();
    driver.unblock.countDown();
    await().untilAsserted(() -> assertThat(driver.checks).as("looks at the queue again").hasValue(3));
    assertThat(waiter).isNotDone();
    assertThat(driver.withdrawn).hasValue(0);
  }
}
