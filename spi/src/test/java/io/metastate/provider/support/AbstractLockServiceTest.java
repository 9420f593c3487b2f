package io.metastate.provider.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.metastate.Ticker;
import io.metastate.error.ClientClosedException;
import io.metastate.error.LockAlreadyHeldException;
import io.metastate.error.OperationInterruptedException;
import io.metastate.error.SessionExpiredException;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.provider.AbstractSession;
import io.metastate.provider.EventDispatcher;
import io.metastate.session.SessionState;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the shared lock service, on an in-memory queue")
class AbstractLockServiceTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  private static final class TestSession extends AbstractSession {
    TestSession(long id) {
      super(id, "owner", Duration.ofHours(1), new EventDispatcher(), Ticker.system(), Ticker.system().read());
    }
  }

  private final MemoryQueue backend = new MemoryQueue();
  private final TestSession sa = new TestSession(1);
  private final TestSession sb = new TestSession(2);
  private final MemoryQueue.Locks a = backend.new Locks(sa, ForkJoinPool.commonPool());
  private final MemoryQueue.Locks b = backend.new Locks(sb, ForkJoinPool.commonPool());

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  @DisplayName("tryAcquire grants a free lock, refuses a second ask of this session, and queues nothing for a held one")
  void tryAcquire() {
    LockLease lease = a.tryAcquire("l").orElseThrow();
    assertThat(lease.state()).isEqualTo(LeaseState.HELD);
    assertThatThrownBy(() -> a.tryAcquire("l")).isInstanceOf(LockAlreadyHeldException.class);
    assertThatThrownBy(() -> a.acquireAsync("l")).isInstanceOf(LockAlreadyHeldException.class);
    assertThat(b.tryAcquire("l")).isEmpty();
    assertThat(backend.size("l")).isEqualTo(1);
    lease.release();
    assertThat(lease.state()).isEqualTo(LeaseState.RELEASED);
    assertThat(backend.size("l")).isZero();
    assertThat(a.tryAcquire("l")).isPresent(); // the session may ask again once released
  }

  @Test
  @DisplayName("a timeout of zero or less is one try: it grants a free lock and never queues for a held one")
  void zeroAndNegativeTimeouts() {
    LockLease held = a.acquire("l", Duration.ZERO).orElseThrow();
    assertThat(b.acquire("l", Duration.ZERO)).isEmpty();
    assertThat(b.acquire("l", Duration.ofSeconds(-5))).isEmpty();
    assertThat(backend.size("l")).isEqualTo(1);
    held.release();
    assertThat(b.acquire("l", Duration.ofSeconds(-5))).isPresent();
  }

  @Test
  @DisplayName("an interrupt on entry throws, keeps the flag, and claims nothing, for every timeout")
  void interruptOnEntry() {
    for (Duration t : new Duration[] {Duration.ofSeconds(-1), Duration.ZERO, LONG}) {
      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> a.acquire("l", t)).isInstanceOf(OperationInterruptedException.class);
      assertThat(Thread.interrupted()).as("flag kept").isTrue();
      assertThat(backend.size("l")).isZero();
    }
  }

  @Test
  @DisplayName("an interrupt while waiting withdraws the waiter, keeps the flag, and throws")
  void interruptWhileWaiting() throws Exception {
    LockLease held = b.tryAcquire("l").orElseThrow();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flag = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        a.acquire("l", LONG);
      } catch (RuntimeException e) {
        thrown.set(e);
        flag.set(Thread.currentThread().isInterrupted());
      }
    });
    t.start();
    await().until(() -> backend.size("l") == 2);
    t.interrupt();
    t.join();
    assertThat(thrown.get()).isInstanceOf(OperationInterruptedException.class);
    assertThat(flag.get()).isTrue();
    assertThat(backend.size("l")).isEqualTo(1);
    held.release();
    assertThat(a.tryAcquire("l")).isPresent(); // nothing of the withdrawn waiter is left in the table
  }

  @Test
  @DisplayName("a timeout withdraws the waiter and returns empty")
  void timeout() {
    LockLease held = b.tryAcquire("l").orElseThrow();
    assertThat(a.acquire("l", Duration.ofMillis(50))).isEmpty();
    assertThat(backend.size("l")).isEqualTo(1);
    held.release();
    assertThat(backend.size("l")).isZero();
  }

  @Test
  @DisplayName("waiters are granted in the order they joined, each with a greater token")
  void fifo() throws Exception {
    TestSession sc = new TestSession(3);
    MemoryQueue.Locks c = backend.new Locks(sc, ForkJoinPool.commonPool());
    LockLease first = a.tryAcquire("l").orElseThrow();
    CompletableFuture<LockLease> second = b.acquireAsync("l");
    CompletableFuture<LockLease> third = c.acquireAsync("l");
    first.release();
    LockLease got = second.get(LONG.toSeconds(), TimeUnit.SECONDS);
    assertThat(third).isNotDone();
    assertThat(got.token()).isGreaterThan(first.token());
    got.release();
    assertThat(third.get(LONG.toSeconds(), TimeUnit.SECONDS).token()).isGreaterThan(got.token());
  }

  @Test
  @DisplayName("a cancel racing the grant leaves either nothing held or a lease its owner can release")
  void cancelRacesGrant() throws Exception {
    for (int round = 0; round < 200; round++) {
      LockLease held = b.tryAcquire("l").orElseThrow();
      CompletableFuture<LockLease> waiting = a.acquireAsync("l");
      CompletableFuture<Void> releasing = CompletableFuture.runAsync(held::release);
      boolean cancelled = waiting.cancel(false);
      releasing.get(LONG.toSeconds(), TimeUnit.SECONDS);
      if (!cancelled) {
        waiting.get(LONG.toSeconds(), TimeUnit.SECONDS).release();
      }
      Optional<LockLease> again = b.tryAcquire("l");
      assertThat(again).as("round %d, cancelled %s: the lock is free", round, cancelled).isPresent();
      again.get().release();
      assertThat(backend.size("l")).isZero();
    }
  }

  @Test
  @DisplayName("suspended leases read UNCERTAIN, HELD again on reconnect; a grant while suspended reads UNCERTAIN")
  void suspendAndReconnect() throws Exception {
    LockLease lease = a.tryAcquire("l").orElseThrow();
    sa.moveTo(SessionState.SUSPENDED);
    a.suspended();
    assertThat(lease.state()).isEqualTo(LeaseState.UNCERTAIN);
    assertThat(a.tryAcquire("m").orElseThrow().state()).isEqualTo(LeaseState.UNCERTAIN);
    sa.moveTo(SessionState.CONNECTED);
    a.reconnected();
    assertThat(lease.state()).isEqualTo(LeaseState.HELD);
  }

  @Test
  @DisplayName("a waiter that cannot reach the backend stays queued and is granted after the reconnect")
  void connectionLossWhileWaiting() throws Exception {
    LockLease held = b.tryAcquire("l").orElseThrow();
    CompletableFuture<LockLease> waiting = a.acquireAsync("l");
    backend.offline = true;
    held.release(); // wakes the waiter, whose check fails
    assertThat(backend.size("l")).isEqualTo(1);
    backend.offline = false;
    a.reconnected();
    assertThat(waiting.get(LONG.toSeconds(), TimeUnit.SECONDS).isHeld()).isTrue();
  }

  @Test
  @DisplayName("an expired session's leases are LOST and its waiters fail with the cause")
  void expired() {
    LockLease lease = a.tryAcquire("l").orElseThrow();
    LockLease other = b.tryAcquire("m").orElseThrow();
    CompletableFuture<LockLease> waiting = a.acquireAsync("m");
    SessionExpiredException cause = new SessionExpiredException("gone");
    a.expired(cause);
    assertThat(lease.state()).isEqualTo(LeaseState.LOST);
    assertThatThrownBy(waiting::get).isInstanceOf(ExecutionException.class).hasCause(cause);
    assertThat(backend.size("m")).as("the waiter's claim is withdrawn").isEqualTo(1);
    assertThat(other.isHeld()).isTrue();
  }

  @Test
  @DisplayName("a closed session's leases are RELEASED, including one whose release outcome was unknown")
  void closed() {
    LockLease lease = a.tryAcquire("l").orElseThrow();
    @SuppressWarnings("unchecked")
    ClaimLease<MemoryQueue.Claim> unsure = (ClaimLease<MemoryQueue.Claim>) a.tryAcquire("u").orElseThrow();
    unsure.detach();
    assertThat(unsure.state()).isEqualTo(LeaseState.UNCERTAIN);
    b.tryAcquire("m").orElseThrow();
    CompletableFuture<LockLease> waiting = a.acquireAsync("m");
    a.closed();
    assertThat(lease.state()).isEqualTo(LeaseState.RELEASED);
    assertThat(unsure.state()).isEqualTo(LeaseState.RELEASED);
    assertThatThrownBy(waiting::get).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(ClientClosedException.class);
  }

  @Test
  @DisplayName("a grant made after the session ended is ended at once, and leaves no entry behind")
  void grantAfterTheEnd() {
    a.expired(new SessionExpiredException("gone"));
    LockLease late = a.tryAcquire("l").orElseThrow(); // the in-memory session still reads CONNECTED
    assertThat(late.state()).isEqualTo(LeaseState.LOST);
    // No entry is left for the name (that would be LockAlreadyHeldException); its claim awaits the backend's cleanup.
    assertThat(a.tryAcquire("l")).isEmpty();
  }

  @Test
  @DisplayName("a lease whose release outcome is unknown leaves the table: the session may ask for the name again")
  void detachedLeaseFreesTheName() {
    @SuppressWarnings("unchecked")
    ClaimLease<MemoryQueue.Claim> unsure = (ClaimLease<MemoryQueue.Claim>) a.tryAcquire("u").orElseThrow();
    unsure.detach();
    CompletableFuture<LockLease> again = a.acquireAsync("u"); // no LockAlreadyHeldException
    assertThat(again).isNotDone();
    unsure.service().driver().release(unsure); // the driver settles the release later
    unsure.moveTo(LeaseState.RELEASED);
    assertThat(again).succeedsWithin(LONG).satisfies(l -> assertThat(l.isHeld()).isTrue());
  }
}
