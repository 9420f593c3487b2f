package io.metastate.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.error.LeaseLostException;
import io.metastate.error.SessionExpiredException;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import io.metastate.state.CreateMode;
import io.metastate.testing.TestTiming;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hole 4: a waiter whose claim disappears (an operator deleted it, a cancel raced the grant, a late withdraw) must
 * end that one acquire, never the session: the session's other locks and ephemeral nodes are still valid in etcd.
 * Session {@code a} waits; it also holds lock {@code kept} and ephemeral {@code /mine}, which must survive.
 */
@DisplayName("a waiter whose claim goes away")
class VanishedClaimTest {
  @RegisterExtension final EtcdFixture f = new EtcdFixture();
  CoordinationClient a;
  CoordinationClient x;
  LockLease kept;

  @BeforeEach
  void openAndHoldOthers() {
    a = f.open("a");
    x = f.open("x");
    kept = a.locks().tryAcquire("kept").orElseThrow();
    a.state().create("/mine", new byte[] {1}, CreateMode.EPHEMERAL);
  }

  @Test
  @DisplayName("deleted: fails only that acquire; the session, its other lock and its ephemeral node survive")
  void sessionSurvives() {
    LockLease holder = x.locks().tryAcquire("contended").orElseThrow();
    CompletableFuture<LockLease> waiting = a.locks().acquireAsync("contended");
    String claim = f.claimKey("contended", a);
    assertThat(f.exists(claim)).as("the waiter's claim is queued").isTrue();

    f.delete(claim); // what `etcdctl del` of a waiter's claim does
    holder.release(); // wakes the waiter, which finds its claim gone

    Awaitility.await().atMost(TestTiming.seconds(10)).until(waiting::isDone);
    assertThat(waiting).as("no lease is granted on a vanished claim").failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class).havingCause().isInstanceOfSatisfying(LeaseLostException.class,
            e -> assertThat(e.lockName()).isEqualTo("contended"));
    assertSessionSurvived();
    assertThat(f.leaseAlive(a.session().id())).as("the session's lease in etcd").isTrue();
    assertThat(x.locks().query("kept").orElseThrow().token()).isEqualTo(kept.token());
  }

  /**
   * The same through a blocking acquire, which must throw what the driver spec ({@code LockDriver.checkHead}) and the
   * other providers say for a claim removed by someone else: {@link LeaseLostException}, not a retryable error.
   */
  @Test
  @DisplayName("deleted under a blocking acquire: it throws LeaseLostException, is never granted, and the session acquires again")
  void blockingAcquireFailsWithLeaseLost() {
    LockLease holder = x.locks().tryAcquire("contended").orElseThrow();
    CompletableFuture<LockLease> waiting = CompletableFuture.supplyAsync(
        () -> a.locks().acquire("contended", TestTiming.seconds(30)).orElseThrow());
    String claim = f.claimKey("contended", a);
    Awaitility.await().atMost(TestTiming.seconds(10)).until(() -> f.exists(claim));

    f.delete(claim);
    holder.release();

    assertThat(waiting).failsWithin(TestTiming.seconds(10)).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOfSatisfying(LeaseLostException.class,
            e -> assertThat(e.lockName()).isEqualTo("contended"));
    assertThat(x.locks().query("contended")).as("nobody was granted the lock").isEmpty();
    assertSessionSurvived();
    LockLease again = a.locks().tryAcquire("contended").orElseThrow();
    assertThat(again.state()).isEqualTo(LeaseState.HELD);
    again.release();
  }

  /**
   * A claim that went with the session's lease (revoked, or expired in etcd) is the session's end, not one deleted
   * claim: the waiter that finds it gone before its keep-alive hears of it must fail as the session's other calls
   * will, with {@link SessionExpiredException}, not with an error that says "acquire again".
   */
  @Test
  @DisplayName("gone with the session's lease: the waiter fails with SessionExpiredException, and the session is EXPIRED")
  void goneWithTheLease() {
    LockLease holder = x.locks().tryAcquire("contended").orElseThrow();
    CompletableFuture<LockLease> waiting = a.locks().acquireAsync("contended");

    f.expireSession(a); // revokes a's lease in etcd: its claims and ephemeral nodes go with it
    holder.release(); // wakes the waiter at once, well before a's keep-alive reports the lease gone

    assertThat(waiting).failsWithin(TestTiming.seconds(10)).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(SessionExpiredException.class);
    assertThat(a.session().state()).isEqualTo(SessionState.EXPIRED);
  }

  /**
   * The race: an async acquire cancelled just as the holder releases (so the grant and the withdraw race), again and
   * again on the same name. Each round must end with the lease given back or the waiter withdrawn, never with the
   * waiter failing on its own withdrawn claim, never costing the session, and never leaving a claim behind.
   */
  @Test
  @DisplayName("withdrawn by a cancel as the lock is handed to it: withdraws cleanly every time; the session, its other lock and its ephemeral node survive")
  void cancelRacesGrant() {
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
    assertSessionSurvived();
    LockLease last = x.locks().acquire("raced", TestTiming.seconds(10)).orElseThrow();
    last.release();
    assertThat(a.locks().acquire("raced", TestTiming.seconds(10))).as("this session again").isPresent();
  }

  private void assertSessionSurvived() {
    assertThat(a.session().state()).isEqualTo(SessionState.CONNECTED);
    assertThat(kept.state()).isEqualTo(LeaseState.HELD);
    assertThat(x.state().exists("/mine")).as("the session's ephemeral node").isPresent();
  }
}
