package io.metastate.localfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.metastate.CoordinationClient;
import io.metastate.error.InvalidPathException;
import io.metastate.error.LockAlreadyHeldException;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import io.metastate.testing.TestTiming;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("local-file locks")
class LocksTest {
  @TempDir Path dir;
  Clients clients;
  CoordinationClient a;
  CoordinationClient b;

  @BeforeEach
  void open() {
    clients = new Clients(dir);
    a = clients.open();
    b = clients.open();
  }

  @AfterEach
  void close() {
    clients.close();
  }

  @Test
  @DisplayName("tryAcquire grants a free lock and refuses a held one; release frees it")
  void tryAcquire() {
    LockLease lease = a.locks().tryAcquire("job").orElseThrow();
    assertThat(lease.isHeld()).isTrue();
    assertThat(lease.name()).isEqualTo("job");
    assertThat(lease.ownerId()).isEqualTo(a.session().ownerId());
    assertThat(lease.sessionId()).isEqualTo(a.session().id());
    assertThat(b.locks().tryAcquire("job")).isEmpty();
    lease.release();
    assertThat(lease.state()).isEqualTo(LeaseState.RELEASED);
    lease.release(); // idempotent
    try (LockLease other = b.locks().tryAcquire("job").orElseThrow()) {
      assertThat(other.token().isNewerThan(lease.token())).isTrue();
    }
  }

  @Test
  @DisplayName("asking again for a held or awaited lock fails at once")
  void recursive() {
    a.locks().tryAcquire("r").orElseThrow();
    assertThatThrownBy(() -> a.locks().tryAcquire("r")).isInstanceOf(LockAlreadyHeldException.class);
    assertThatThrownBy(() -> a.locks().acquire("r", Duration.ofSeconds(5)))
        .isInstanceOf(LockAlreadyHeldException.class);
    CompletableFuture<LockLease> waiting = b.locks().acquireAsync("r");
    assertThatThrownBy(() -> b.locks().acquireAsync("r")).isInstanceOf(LockAlreadyHeldException.class);
    waiting.cancel(false);
  }

  @Test
  @DisplayName("acquire with a timeout returns empty when the lock stays held, and withdraws the waiter")
  void timeout() {
    LockLease held = a.locks().tryAcquire("t").orElseThrow();
    assertThat(b.locks().acquire("t", Duration.ofMillis(50))).isEmpty();
    held.release();
    // had the timed-out waiter stayed queued, it would have been granted the lock on release
    assertThat(a.locks().query("t")).isEmpty();
    assertThat(a.locks().tryAcquire("t")).isPresent();
  }

  @Test
  @DisplayName("a blocked acquire is woken by the release, with a newer token")
  void blockingAcquireWakes() throws Exception {
    LockLease held = a.locks().tryAcquire("w").orElseThrow();
    CompletableFuture<LockLease> waiter = CompletableFuture.supplyAsync(
        () -> b.locks().acquire("w", TestTiming.waitLimit()).orElseThrow());
    await().atMost(TestTiming.waitLimit()).until(() -> hasWaiter("w"));
    held.release();
    LockLease granted = waiter.get(TestTiming.waitLimit().toMillis(), TimeUnit.MILLISECONDS);
    assertThat(granted.sessionId()).isEqualTo(b.session().id());
    assertThat(granted.token().isNewerThan(held.token())).isTrue();
  }

  private boolean hasWaiter(String name) {
    // A waiter queued behind the holder makes tryAcquire of a third session fail even after the holder releases.
    return ((LocalClient) b).store().locks().query(name).isPresent() && queueLength(name) > 0;
  }

  private int queueLength(String name) {
    return ((LocalClient) a).store().locks().waiting(name);
  }

  @Test
  @DisplayName("waiters are served first come, first served")
  void fifo() throws Exception {
    LockLease held = a.locks().tryAcquire("f").orElseThrow();
    List<CoordinationClient> waiters = new ArrayList<>();
    List<CompletableFuture<LockLease>> futures = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      CoordinationClient c = clients.open();
      waiters.add(c);
      futures.add(c.locks().acquireAsync("f"));
    }
    List<Long> order = new CopyOnWriteArrayList<>();
    held.release();
    for (int i = 0; i < 5; i++) {
      LockLease l = futures.get(i).get(TestTiming.waitLimit().toMillis(), TimeUnit.MILLISECONDS);
      order.add(l.sessionId());
      l.release();
    }
    assertThat(order).containsExactlyElementsOf(waiters.stream().map(c -> c.session().id()).toList());
  }

  @Test
  @DisplayName("a cancelled async waiter is withdrawn and never holds the lock")
  void cancel() {
    LockLease held = a.locks().tryAcquire("c").orElseThrow();
    CompletableFuture<LockLease> waiting = b.locks().acquireAsync("c");
    assertThat(waiting.cancel(false)).isTrue();
    held.release();
    assertThat(a.locks().query("c")).isEmpty();
    assertThat(b.locks().tryAcquire("c")).isPresent(); // no stale "already awaiting"
  }

  @Test
  @DisplayName("a grant racing a cancellation is released: a cancelled waiter never ends up holding the lock")
  void cancelRace() throws Exception {
    for (int i = 0; i < 200; i++) {
      String name = "race" + i;
      LockLease held = a.locks().tryAcquire(name).orElseThrow();
      CompletableFuture<LockLease> waiting = b.locks().acquireAsync(name);
      CompletableFuture<Void> releaser = CompletableFuture.runAsync(held::release);
      boolean cancelled = waiting.cancel(false);
      releaser.get(TestTiming.waitLimit().toMillis(), TimeUnit.MILLISECONDS);
      if (cancelled) {
        // the racing grant, if any, is released asynchronously: poll tightly, 200 rounds add up
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(TestTiming.waitLimit())
            .until(() -> a.locks().query(name).isEmpty());
        assertThat(a.locks().tryAcquire(name)).as("round %d", i).isPresent();
      } else {
        LockLease granted = waiting.get(TestTiming.waitLimit().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(a.locks().query(name).orElseThrow().token()).isEqualTo(granted.token());
        granted.release();
      }
    }
  }

  @Test
  @DisplayName("an interrupted acquire withdraws its waiter and keeps the interrupt flag")
  void interrupted() throws Exception {
    a.locks().tryAcquire("intr").orElseThrow();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread waiter = new Thread(() -> {
      try {
        b.locks().acquire("intr", TestTiming.waitLimit());
        outcome.complete(null);
      } catch (RuntimeException e) {
        outcome.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("interrupt flag lost", e));
      }
    });
    waiter.start();
    await().atMost(TestTiming.waitLimit()).until(() -> queueLength("intr") == 1);
    waiter.interrupt();
    assertThat(outcome.get(TestTiming.waitLimit().toMillis(), TimeUnit.MILLISECONDS))
        .isInstanceOf(io.metastate.error.CoordinationException.class).hasMessageContaining("interrupted");
    assertThat(queueLength("intr")).isZero();
  }

  @Test
  @DisplayName("query and list report holders and tokens; forceRelease makes the holder LOST")
  void queryListForce() {
    LockLease x = a.locks().tryAcquire("grp/x").orElseThrow();
    LockLease y = b.locks().tryAcquire("grp/y").orElseThrow();
    a.locks().tryAcquire("other").orElseThrow();
    assertThat(b.locks().query("grp/x")).contains(
        new LockInfo("grp/x", a.session().ownerId(), a.session().id(), x.token()));
    assertThat(a.locks().list("grp/")).extracting(LockInfo::name).containsExactly("grp/x", "grp/y");
    assertThat(a.locks().list("")).hasSize(3);
    List<LeaseState> seen = new CopyOnWriteArrayList<>();
    y.addListener((lease, from, to) -> seen.add(to));
    assertThat(a.locks().forceRelease("grp/y")).isTrue();
    assertThat(y.state()).isEqualTo(LeaseState.LOST);
    await().atMost(TestTiming.waitLimit()).until(() -> seen.contains(LeaseState.LOST));
    assertThat(a.locks().forceRelease("grp/y")).isFalse();
    assertThat(a.locks().query("grp/y")).isEmpty();
    y.release(); // harmless after LOST
    assertThat(y.state()).isEqualTo(LeaseState.LOST);
  }

  @Test
  @DisplayName("tokens strictly increase across names and grants")
  void tokensIncrease() {
    long last = 0;
    for (int i = 0; i < 3000; i++) { // crosses two token blocks
      LockLease l = a.locks().tryAcquire("tok" + (i % 3)).orElseThrow();
      assertThat(l.token().value()).isGreaterThan(last);
      last = l.token().value();
      l.release();
    }
  }

  @Test
  @DisplayName("malformed lock names are rejected before anything changes")
  void badNames() {
    for (String bad : new String[] {"", "/lead", "trail/", "a//b", "a/../b", "sp ace", "x".repeat(257)}) {
      assertThatThrownBy(() -> a.locks().tryAcquire(bad)).isInstanceOf(InvalidPathException.class);
    }
    assertThatThrownBy(() -> a.locks().tryAcquire(null)).isInstanceOf(InvalidPathException.class);
    assertThatThrownBy(() -> a.locks().list("bad//")).isInstanceOf(InvalidPathException.class);
    assertThat(a.locks().list("")).isEmpty();
  }

  @Test
  @DisplayName("closing a client releases its locks and hands them to the next waiter")
  void closeReleases() throws Exception {
    CoordinationClient c = clients.open();
    LockLease held = c.locks().tryAcquire("cl").orElseThrow();
    CompletableFuture<LockLease> next = a.locks().acquireAsync("cl");
    c.close();
    assertThat(held.state()).isEqualTo(LeaseState.RELEASED);
    assertThat(next.get(TestTiming.waitLimit().toMillis(), TimeUnit.MILLISECONDS).sessionId())
        .isEqualTo(a.session().id());
  }
}
