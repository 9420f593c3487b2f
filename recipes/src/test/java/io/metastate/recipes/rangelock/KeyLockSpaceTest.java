package io.metastate.recipes.rangelock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.InvalidPathException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.LockAlreadyHeldException;
import io.metastate.error.SessionExpiredException;
import io.metastate.localfile.LocalFileTesting;
import io.metastate.lock.LeaseState;
import io.metastate.recipes.fenced.FencedWriter;
import io.metastate.recipes.testing.LocalClients;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyLockSpaceTest {
  @TempDir
  Path dir;
  private LocalClients clients;
  private CoordinationClient a;
  private CoordinationClient b;
  private KeyLockSpace sa;
  private KeyLockSpace sb;

  @BeforeEach
  void open() {
    clients = new LocalClients(dir);
    a = clients.open();
    b = clients.open();
    sa = KeyLockSpace.open(a, "space");
    sb = KeyLockSpace.open(b, "space");
  }

  @AfterEach
  void close() {
    clients.close();
  }

  @Test
  @DisplayName("read locks on one key share; a write lock waits for them and excludes later reads")
  void readWrite() {
    KeyLease r1 = sa.tryLock("k", LockMode.READ).orElseThrow();
    KeyLease r2 = sb.tryLock("k", LockMode.READ).orElseThrow();
    CoordinationClient c = clients.open();
    KeyLockSpace sc = KeyLockSpace.open(c, "space");
    assertThat(sc.tryLock("k", LockMode.WRITE)).isEmpty();
    assertThat(sc.tryLock("other", LockMode.WRITE)).isPresent();
    r1.release();
    assertThat(sc.tryLock("k", LockMode.WRITE)).isEmpty();
    r2.release();
    KeyLease w = sc.tryLock("k", LockMode.WRITE).orElseThrow();
    assertThat(sa.tryLock("k", LockMode.READ)).isEmpty();
    assertThat(w.token()).isGreaterThan(r2.token());
  }

  @Test
  @DisplayName("a range lock conflicts with a key lock inside it, not with one outside; open ends and the whole space")
  void ranges() {
    KeyLease range = sa.tryLock(KeyRange.of("b", "d"), LockMode.WRITE).orElseThrow();
    assertThat(sb.tryLock("b", LockMode.READ)).isEmpty();
    assertThat(sb.tryLock("c-9", LockMode.READ)).isEmpty();
    assertThat(sb.tryLock("d", LockMode.WRITE)).isPresent(); // 'to' is exclusive
    assertThat(sb.tryLock("a", LockMode.WRITE)).isPresent();
    KeyLockSpace sc = KeyLockSpace.open(clients.open(), "space");
    assertThat(sc.tryLock(KeyRange.below("b"), LockMode.READ)).isEmpty(); // b holds 'a' WRITE
    assertThat(sb.tryLock(KeyRange.atLeast("x"), LockMode.WRITE)).isPresent();
    assertThat(sc.tryLock(KeyRange.all(), LockMode.READ)).isEmpty();
    range.release();
    assertThat(sc.tryLock(KeyRange.of("b", "c"), LockMode.WRITE)).isPresent();
  }

  @Test
  @DisplayName("waiters are FIFO: a reader arriving after a waiting writer waits behind it")
  void writerNotStarved() {
    KeyLease r1 = sa.tryLock("k", LockMode.READ).orElseThrow();
    CompletableFuture<KeyLease> writer = sb.lockAsync(KeyRange.point("k"), LockMode.WRITE);
    CoordinationClient c = clients.open();
    KeyLockSpace sc = KeyLockSpace.open(c, "space");
    CompletableFuture<KeyLease> lateReader = sc.lockAsync(KeyRange.point("k"), LockMode.READ);
    assertThat(writer).isNotDone();
    assertThat(lateReader).isNotDone();
    r1.release();
    KeyLease w = writer.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
    assertThat(lateReader).isNotDone();
    w.release();
    KeyLease r2 = lateReader.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
    assertThat(r2.token()).isGreaterThan(w.token());
  }

  @Test
  @DisplayName("a timed-out lock returns empty and withdraws its request; a cancelled async request is withdrawn")
  void timeoutAndCancel() {
    KeyLease held = sa.tryLock("k", LockMode.WRITE).orElseThrow();
    assertThat(sb.lock("k", LockMode.WRITE, Duration.ofMillis(100))).isEmpty();
    CompletableFuture<KeyLease> pending = sb.lockAsync(KeyRange.point("k"), LockMode.WRITE);
    assertThat(pending.cancel(true)).isTrue();
    held.release();
    // Nothing of b's is left in line: a third session gets the key at once.
    CoordinationClient c = clients.open();
    assertThat(KeyLockSpace.open(c, "space").tryLock("k", LockMode.WRITE)).isPresent();
  }

  @Test
  @DisplayName("a session asking for a lock that conflicts with its own gets LockAlreadyHeldException; own reads share")
  void recursive() {
    sa.tryLock(KeyRange.of("a", "c"), LockMode.READ).orElseThrow();
    assertThat(sa.tryLock("b", LockMode.READ)).isPresent();
    assertThatThrownBy(() -> sa.tryLock("b", LockMode.WRITE)).isInstanceOf(LockAlreadyHeldException.class)
        .hasMessageContaining("[b]");
    KeyLockSpace again = KeyLockSpace.open(a, "space"); // another handle on the same session
    assertThatThrownBy(() -> again.lockAsync(KeyRange.all(), LockMode.WRITE))
        .isInstanceOf(LockAlreadyHeldException.class);
    assertThat(sb.tryLock("b", LockMode.READ)).isPresent(); // the refused requests left nothing behind
  }

  @Test
  @DisplayName("when the holder's session expires its lease turns LOST, its waiters fail, and the next waiter is granted")
  void expiry() {
    KeyLease held = sa.tryLock("k", LockMode.WRITE).orElseThrow();
    List<String> seen = new CopyOnWriteArrayList<>();
    held.addListener((lease, from, to) -> seen.add(from + "->" + to));
    CompletableFuture<KeyLease> bWaits = sb.lockAsync(KeyRange.point("k"), LockMode.WRITE);
    CompletableFuture<KeyLease> cHolds = KeyLockSpace.open(clients.open(), "space")
        .lockAsync(KeyRange.point("other"), LockMode.WRITE);
    CompletableFuture<KeyLease> aWaits = KeyLockSpace.open(a, "space")
        .lockAsync(KeyRange.point("other"), LockMode.WRITE);
    assertThat(cHolds).isDone();
    assertThat(aWaits).isNotDone();
    LocalFileTesting.expireSession(a);
    LocalClients.await().until(() -> held.state() == LeaseState.LOST && seen.contains("HELD->LOST"));
    KeyLease granted = bWaits.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
    assertThat(granted.token()).isGreaterThan(held.token());
    LocalClients.await().until(aWaits::isDone);
    assertThatThrownBy(aWaits::join).isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(SessionExpiredException.class);
  }

  @Test
  @DisplayName("a key lease fences writes: after release they are rejected with LeaseLostException and not applied")
  void fencedByKeyLease() {
    a.state().create("/data", "v0".getBytes(), CreateMode.PERSISTENT);
    KeyLease lease = sa.tryLock("k", LockMode.WRITE).orElseThrow();
    FencedWriter writer = FencedWriter.of(a.state(), lease);
    writer.set("/data", "v1".getBytes(), MetaStateService.ANY_VERSION);
    KeyLease stale = lease;
    // Another handle removes the request node behind the holder's back (as an operator would).
    a.state().delete(((Grant) stale).request.path(), MetaStateService.ANY_VERSION);
    assertThatThrownBy(() -> writer.set("/data", "v2".getBytes(), MetaStateService.ANY_VERSION))
        .isInstanceOf(LeaseLostException.class);
    assertThat(a.state().get("/data").orElseThrow().dataAsString()).isEqualTo("v1");
    LocalClients.await().until(() -> stale.state() == LeaseState.LOST);
  }

  @Test
  @DisplayName("bad input is refused with a message naming it, and nothing is queued")
  void badInput() {
    assertThatThrownBy(() -> KeyRange.of("b", "a")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'b'").hasMessageContaining("'a'");
    assertThatThrownBy(() -> KeyLockSpace.open(a, "bad name")).isInstanceOf(InvalidPathException.class);
    assertThatThrownBy(() -> sa.lock("k", LockMode.WRITE, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
    assertThat(sa.holders()).isEmpty();
  }
}
