package io.metastate.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.CoordinationException;
import io.metastate.error.LockAlreadyHeldException;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Locks belong to the session: a session asking again for its own lock gets an error, never a deadlock. */
public abstract class LockRecursionContract extends Contract {
  @Test
  @DisplayName("fails at once with LockAlreadyHeldException from tryAcquire, acquire and acquireAsync, never deadlocks")
  @Verifies({"LOCK-2", "ERROR-3"})
  void recursive() throws Exception {
    CoordinationClient a = kit.open();
    LockLease lease = a.locks().tryAcquire(kit.lock("l")).orElseThrow();
    assertThatThrownBy(() -> a.locks().tryAcquire(kit.lock("l"))).isInstanceOf(LockAlreadyHeldException.class)
        .hasMessageContaining(kit.lock("l"));
    // Run the blocking form apart, so that a provider that deadlocks fails this test instead of hanging the kit.
    CompletableFuture<Object> blocking = CompletableFuture.supplyAsync(() -> {
      try {
        return a.locks().acquire(kit.lock("l"), Duration.ofMinutes(5));
      } catch (CoordinationException e) {
        return e;
      }
    });
    assertThat(blocking.get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS))
        .isInstanceOf(LockAlreadyHeldException.class);
    // acquireAsync throws it (not a failed future), like every other argument error of the lock service.
    assertThatThrownBy(() -> a.locks().acquireAsync(kit.lock("l"))).isInstanceOf(LockAlreadyHeldException.class);
    assertThat(lease.isHeld()).isTrue();
  }

  @Test
  @DisplayName("fails with LockAlreadyHeldException while its own acquireAsync is still waiting")
  @Verifies("LOCK-2")
  void recursiveWhileWaiting() {
    List<CoordinationClient> c = kit.open(2);
    c.get(0).locks().tryAcquire(kit.lock("l")).orElseThrow();
    CompletableFuture<LockLease> waiting = c.get(1).locks().acquireAsync(kit.lock("l"));
    assertThatThrownBy(() -> c.get(1).locks().tryAcquire(kit.lock("l"))).isInstanceOf(LockAlreadyHeldException.class);
    assertThat(waiting).isNotDone();
  }

  @Test
  @DisplayName("belongs to the session, not the thread: another thread of the session gets the error, and may release")
  @Verifies("LEASE-1")
  void perSession() throws Exception {
    CoordinationClient a = kit.open();
    LockLease lease = CompletableFuture.supplyAsync(() -> a.locks().tryAcquire(kit.lock("l")).orElseThrow())
        .get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS);
    assertThatThrownBy(() -> a.locks().tryAcquire(kit.lock("l"))).isInstanceOf(LockAlreadyHeldException.class);
    CompletableFuture.runAsync(lease::release).get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS);
    assertThat(lease.state()).isEqualTo(LeaseState.RELEASED);
    assertThat(kit.open().locks().tryAcquire(kit.lock("l"))).isPresent();
  }

  @Test
  @DisplayName("after a release the same session takes the lock again, with a higher token")
  @Verifies("LOCK-19")
  void reacquire() {
    CoordinationClient a = kit.open();
    LockLease first = a.locks().tryAcquire(kit.lock("l")).orElseThrow();
    first.release();
    LockLease second = a.locks().tryAcquire(kit.lock("l")).orElseThrow();
    assertThat(second.token()).isGreaterThan(first.token());
  }
}
