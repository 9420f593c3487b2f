package io.metastate.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import io.metastate.state.CreateMode;
import io.metastate.testing.TestTiming;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hole 4, the race: an async acquire cancelled just as the holder releases (so the grant and the withdraw race), again
 * and again on the same name. Each round must end with the lease given back or the waiter withdrawn, never with the
 * waiter failing on its own withdrawn claim, never costing the session, and never leaving a claim behind.
 */
@DisplayName("an async acquire cancelled as the lock is handed to it")
class CancelRaceTest {
  @Test
  @DisplayName("withdraws cleanly every time: the session, its other lock and its ephemeral node survive")
  void cancelRacesGrant() {
    try (EtcdFixture f = new EtcdFixture()) {
      CoordinationClient a = f.open("a");
      CoordinationClient x = f.open("x");
      LockLease kept = a.locks().tryAcquire("kept").orElseThrow();
      a.state().create("/mine", new byte[] {1}, CreateMode.EPHEMERAL);
      // Enough rounds to land a cancel in the instant after the grant: a cancel that returns false must leave the
      // future done (the grant), not still pending while the outcome is handed to another thread.
      for (int i = 0; i < 150; i++) {
        LockLease held = x.locks().acquire("raced", TestTiming.seconds(10)).orElseThrow();
        CompletableFuture<LockLease> waiting = a.locks().acquireAsync("raced");
        held.release();
        if (!waiting.cancel(true)) {
          assertThat(waiting).as("round " + i + ": cancel() returned false").isCompletedWithValueMatching(l -> l.state() == LeaseState.HELD);
          waiting.join().release();
        }
      }
      assertThat(a.session().state()).isEqualTo(SessionState.CONNECTED);
      assertThat(kept.state()).isEqualTo(LeaseState.HELD);
      assertThat(x.state().exists("/mine")).isPresent();
      LockLease last = x.locks().acquire("raced", TestTiming.seconds(10)).orElseThrow();
      last.release();
      assertThat(a.locks().acquire("raced", TestTiming.seconds(10))).as("this session again").isPresent();
    }
  }
}
