package io.metastate.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import io.metastate.state.CreateMode;
import io.metastate.testing.TestTiming;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hole 4: a waiter whose claim disappears (an operator deleted it, a cancel raced the grant, a late withdraw) must
 * end that one acquire, never the session: the session's other locks and ephemeral nodes are still valid in etcd.
 */
@DisplayName("a waiter whose claim is deleted")
class VanishedClaimTest {
  @Test
  @DisplayName("fails only that acquire: the session, its other lock and its ephemeral node survive")
  void sessionSurvives() {
    try (EtcdFixture f = new EtcdFixture()) {
      CoordinationClient a = f.open("a");
      CoordinationClient x = f.open("x");
      LockLease kept = a.locks().tryAcquire("kept").orElseThrow();
      a.state().create("/mine", new byte[] {1}, CreateMode.EPHEMERAL);
      LockLease holder = x.locks().tryAcquire("contended").orElseThrow();
      CompletableFuture<LockLease> waiting = a.locks().acquireAsync("contended");
      String claim = f.claimKey("contended", a);
      assertThat(f.exists(claim)).as("the waiter's claim is queued").isTrue();

      f.delete(claim); // what `etcdctl del` of a waiter's claim does
      holder.release(); // wakes the waiter, which finds its claim gone

      Awaitility.await().atMost(TestTiming.seconds(10)).until(waiting::isDone);
      assertThat(waiting).as("no lease is granted on a vanished claim").isCompletedExceptionally();
      assertThat(a.session().state()).isEqualTo(SessionState.CONNECTED);
      assertThat(kept.state()).isEqualTo(LeaseState.HELD);
      assertThat(f.leaseAlive(a.session().id())).as("the session's lease in etcd").isTrue();
      assertThat(x.state().exists("/mine")).as("the session's ephemeral node").isPresent();
      assertThat(x.locks().query("kept").orElseThrow().token()).isEqualTo(kept.token());
    }
  }
}
