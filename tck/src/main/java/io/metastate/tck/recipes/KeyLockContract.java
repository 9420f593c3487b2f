package io.metastate.tck.recipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.ClientClosedException;
import io.metastate.error.InvalidPathException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.LockAlreadyHeldException;
import io.metastate.error.SessionExpiredException;
import io.metastate.lock.LeaseState;
import io.metastate.provider.support.ForwardingCoordinationClient;
import io.metastate.provider.support.ForwardingMetaStateService;
import io.metastate.recipes.fenced.FencedWriter;
import io.metastate.recipes.rangelock.KeyLease;
import io.metastate.recipes.rangelock.KeyLockSpace;
import io.metastate.recipes.rangelock.KeyRange;
import io.metastate.recipes.rangelock.LockMode;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.tck.Capability;
import io.metastate.tck.Contract;
import io.metastate.tck.KitSeed;
import io.metastate.tck.Requires;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Key and key-range locks: sharing, exclusion, ranges, FIFO, withdrawal, recursion, expiry, and the model. */
public abstract class KeyLockContract extends Contract {
  /** Steps of the randomized test; {@code -Dmetastate.tck.rangeSteps} raises it for a longer soak. */
  private static final int MODEL_STEPS = Integer.getInteger("metastate.tck.rangeSteps", 150);

  private List<KeyLockSpace> spaces(int n) {
    String name = kit.lock("space");
    List<KeyLockSpace> out = new ArrayList<>();
    for (CoordinationClient c : kit.open(n)) {
      out.add(KeyLockSpace.open(c, name));
    }
    return out;
  }

  private <T> T within(CompletableFuture<T> future) {
    return future.orTimeout(kit.timeout().toMillis(), TimeUnit.MILLISECONDS).join();
  }

  @Test
  @DisplayName("read locks on one key share; a write lock waits for all of them; tokens increase across conflicts")
  void readWrite() {
    List<KeyLockSpace> s = spaces(3);
    KeyLease r1 = s.get(0).tryLock("k", LockMode.READ).orElseThrow();
    KeyLease r2 = s.get(1).tryLock("k", LockMode.READ).orElseThrow();
    assertThat(s.get(2).tryLock("k", LockMode.WRITE)).isEmpty();
    assertThat(s.get(2).tryLock("other", LockMode.WRITE)).isPresent();
    r1.release();
    assertThat(s.get(2).tryLock("k", LockMode.WRITE)).isEmpty();
    r2.release();
    KeyLease w = s.get(2).tryLock("k", LockMode.WRITE).orElseThrow();
    assertThat(s.get(0).tryLock("k", LockMode.READ)).isEmpty();
    assertThat(w.token()).isGreaterThan(r1.token()).isGreaterThan(r2.token());
    assertThat(r1.state()).isEqualTo(LeaseState.RELEASED);
  }

  @Test
  @DisplayName("a range conflicts with keys inside it, not outside; open ends and the whole space work")
  void ranges() {
    List<KeyLockSpace> s = spaces(3);
    KeyLease range = s.get(0).tryLock(KeyRange.of("b", "d"), LockMode.WRITE).orElseThrow();
    assertThat(s.get(1).tryLock("b", LockMode.READ)).isEmpty();
    assertThat(s.get(1).tryLock("c-9", LockMode.READ)).isEmpty();
    assertThat(s.get(1).tryLock("d", LockMode.WRITE)).isPresent(); // 'to' is exclusive
    assertThat(s.get(1).tryLock("a", LockMode.WRITE)).isPresent();
    assertThat(s.get(1).tryLock(KeyRange.atLeast("x"), LockMode.WRITE)).isPresent();
    assertThat(s.get(2).tryLock(KeyRange.below("b"), LockMode.READ)).isEmpty();
    assertThat(s.get(2).tryLock(KeyRange.all(), LockMode.READ)).isEmpty();
    range.release();
    assertThat(s.get(2).tryLock(KeyRange.of("b", "c"), LockMode.WRITE)).isPresent();
    assertThat(s.get(2).holders()).hasSize(4);
  }

  @Test
  @DisplayName("waiters are FIFO: a reader arriving after a waiting writer waits behind it")
  void fifo() {
    List<KeyLockSpace> s = spaces(3);
    KeyLease r1 = s.get(0).tryLock("k", LockMode.READ).orElseThrow();
    CompletableFuture<KeyLease> writer = s.get(1).lockAsync(KeyRange.point("k"), LockMode.WRITE);
    CompletableFuture<KeyLease> lateReader = s.get(2).lockAsync(KeyRange.point("k"), LockMode.READ);
    assertThat(writer).isNotDone();
    assertThat(lateReader).isNotDone();
    r1.release();
    KeyLease w = within(writer);
    assertThat(lateReader).isNotDone();
    w.release();
    assertThat(within(lateReader).token()).isGreaterThan(w.token());
  }

  @Test
  @DisplayName("a timed-out lock returns empty and a cancelled request is withdrawn, leaving nothing in line")
  void timeoutAndCancel() {
    List<KeyLockSpace> s = spaces(3);
    KeyLease held = s.get(0).tryLock("k", LockMode.WRITE).orElseThrow();
    assertThat(s.get(1).lock("k", LockMode.WRITE, Duration.ofMillis(100))).isEmpty();
    CompletableFuture<KeyLease> pending = s.get(1).lockAsync(KeyRange.point("k"), LockMode.WRITE);
    assertThat(pending.cancel(true)).isTrue();
    held.release();
    assertThat(s.get(2).tryLock("k", LockMode.WRITE)).isPresent();
  }

  @Test
  @DisplayName("a session asking for a lock that conflicts with its own gets LockAlreadyHeldException; own reads share")
  void recursive() {
    List<KeyLockSpace> s = spaces(2);
    s.get(0).tryLock(KeyRange.of("a", "c"), LockMode.READ).orElseThrow();
    assertThat(s.get(0).tryLock("b", LockMode.READ)).isPresent();
    assertThatThrownBy(() -> s.get(0).tryLock("b", LockMode.WRITE)).isInstanceOf(LockAlreadyHeldException.class);
    assertThatThrownBy(() -> s.get(0).lockAsync(KeyRange.all(), LockMode.WRITE))
        .isInstanceOf(LockAlreadyHeldException.class);
    assertThat(s.get(1).tryLock("b", LockMode.READ)).isPresent(); // the refused requests left nothing behind
  }

  @Test
  @Requires(Capability.EXPIRE_SESSION)
  @DisplayName("when the holder's session expires its lease turns LOST, its waiters fail, and the next is granted")
  void expiry() {
    // HELD->LOST, or HELD->UNCERTAIN->LOST where the provider reports a suspension before the expiry.
    holderEnds(kit::expire, LeaseState.LOST, SessionExpiredException.class);
  }

  @Test
  @DisplayName("when the holder's client is closed its lease ends RELEASED (as a lock lease does), its waiters fail, and the next is granted")
  void clientClosed() {
    // Closing is the holder letting go (SessionState.CLOSED: "its locks were released"), not a loss.
    assertThat(holderEnds(CoordinationClient::close, LeaseState.RELEASED, ClientClosedException.class))
        .containsExactly("HELD->RELEASED");
  }

  @Test
  @DisplayName("a key lock granted while its client closes ends RELEASED with the others, never HELD on a closed client")
  void grantRacingClose() {
    CoordinationClient real = kit.open();
    String name = kit.lock("space");
    AtomicBoolean firstEnded = new AtomicBoolean();
    AtomicBoolean armed = new AtomicBoolean();
    // The second request's node is the one node its line read has not seen: its read is the request's last I/O
    // before the grant. The client closes right after that read, and the space hears of it (the first lease is told
    // it ended RELEASED) before the request goes on to grant.
    MetaStateService closing = new ForwardingMetaStateService(real.state()) {
      @Override
      public Optional<Node> get(String path) {
        Optional<Node> node = super.get(path);
        if (armed.getAndSet(false)) {
          CompletableFuture.runAsync(real::close);
          kit.await().untilTrue(firstEnded);
        }
        return node;
      }
    };
    KeyLockSpace space = KeyLockSpace.open(
        new ForwardingCoordinationClient(real, real.session(), real.locks(), closing), name);
    KeyLease first = space.tryLock("a", LockMode.WRITE).orElseThrow();
    first.addListener((lease, from, to) -> {
      if (to == LeaseState.RELEASED) {
        firstEnded.set(true);
      }
    });
    armed.set(true);
    Optional<KeyLease> second;
    try {
      second = space.tryLock("b", LockMode.WRITE);
    } catch (ClientClosedException fine) {
      return; // refusing the grant is as honest as ending it
    }
    assertThat(armed).isFalse(); // the race was staged
    assertThat(second).hasValueSatisfying(l -> assertThat(l.state()).isEqualTo(LeaseState.RELEASED));
  }

  /** Ends the session of a holder that also waits; returns the transitions its lease was told of. */
  private List<String> holderEnds(Consumer<CoordinationClient> end, LeaseState terminal,
      Class<? extends Throwable> waiterFailure) {
    List<CoordinationClient> c = kit.open(3);
    String name = kit.lock("space");
    KeyLease held = KeyLockSpace.open(c.get(0), name).tryLock("k", LockMode.WRITE).orElseThrow();
    List<String> seen = new CopyOnWriteArrayList<>();
    held.addListener((lease, from, to) -> seen.add(from + "->" + to));
    CompletableFuture<KeyLease> next = KeyLockSpace.open(c.get(1), name).lockAsync(KeyRange.point("k"),
        LockMode.WRITE);
    KeyLockSpace.open(c.get(2), name).tryLock("other", LockMode.WRITE).orElseThrow();
    CompletableFuture<KeyLease> doomed = KeyLockSpace.open(c.get(0), name).lockAsync(KeyRange.point("other"),
        LockMode.READ);
    end.accept(c.get(0));
    // The end is known once that returns (the session reads it): the lease reads it at once, as a lock lease does,
    // while its listeners are told when the space hears of it.
    assertThat(held.state()).isEqualTo(terminal);
    kit.await().until(() -> held.state().isTerminal() && !seen.isEmpty() && seen.get(seen.size() - 1)
        .endsWith("->" + held.state()));
    assertThat(held.state()).isEqualTo(terminal);
    assertThat(within(next).token()).isGreaterThan(held.token());
    kit.await().until(doomed::isDone);
    assertThatThrownBy(doomed::join).isInstanceOf(CompletionException.class).hasCauseInstanceOf(waiterFailure);
    return seen;
  }

  @Test
  @DisplayName("a key lease fences writes: once its request node is gone, writes are rejected and not applied")
  void fencing() {
    CoordinationClient a = kit.open();
    String name = kit.lock("space");
    String data = kit.path("data");
    a.state().create(data, "v0".getBytes(), CreateMode.PERSISTENT);
    KeyLease lease = KeyLockSpace.open(a, name).tryLock("k", LockMode.WRITE).orElseThrow();
    FencedWriter writer = FencedWriter.of(a.state(), lease);
    writer.set(data, "v1".getBytes(), MetaStateService.ANY_VERSION);
    // An operator deletes the request node (documented layout) behind the holder's back.
    String space = "/metastate/keylocks/" + name;
    for (String child : a.state().children(space)) {
      a.state().delete(space + "/" + child, MetaStateService.ANY_VERSION);
    }
    assertThatThrownBy(() -> writer.set(data, "v2".getBytes(), MetaStateService.ANY_VERSION))
        .isInstanceOf(LeaseLostException.class);
    assertThat(a.state().get(data).orElseThrow().dataAsString()).isEqualTo("v1");
    kit.await().until(() -> lease.state() == LeaseState.LOST);
  }

  @Test
  @DisplayName("bad input is refused with a message naming it, and nothing is queued")
  void badInput() {
    List<KeyLockSpace> s = spaces(1);
    assertThatThrownBy(() -> KeyRange.of("b", "a")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'b'").hasMessageContaining("'a'");
    assertThatThrownBy(() -> KeyLockSpace.open(kit.open(), "bad name")).isInstanceOf(InvalidPathException.class);
    assertThat(s.get(0).holders()).isEmpty();
  }

  @Test
  @DisplayName("randomized: after every step the granted locks are exactly those an interval model grants")
  void model() {
    new RangeLockModelRun(KitSeed.random("range-lock model"), spaces(3), kit).steps(MODEL_STEPS);
  }
}
