package io.metastate.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.metastate.CoordinationClient;
import io.metastate.error.ConnectionLossException;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import io.metastate.testing.TestTiming;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hole 7: a release that meets connection loss must not leave the lease HELD: whatever happens next (the session
 * expires, or the client reconnects), the lease ends LOST or RELEASED and the lock becomes free for others.
 */
class ReleaseLossTest {
  @AutoClose private static final ZooKeeperFixture FIXTURE = new ZooKeeperFixture();

  @Test
  @DisplayName("a release cut off from the server, then session expiry: the lease ends LOST and the lock is free")
  void releaseCutOffThenExpired() {
    try (CoordinationClient holder = FIXTURE.open("holder");
        CoordinationClient other = FIXTURE.open("other")) {
      LockLease lease = holder.locks().tryAcquire("release-loss/expired").orElseThrow();

      FIXTURE.proxy(holder).cut();
      assertThatThrownBy(lease::release).isInstanceOf(ConnectionLossException.class);
      FIXTURE.expireSession(holder);
      FIXTURE.proxy(holder).restore();
      await().atMost(TestTiming.waitLimit()).until(() -> holder.session().state() == SessionState.EXPIRED);

      await().atMost(TestTiming.waitLimit()).untilAsserted(() -> assertThat(lease.state())
          .as("a lease whose release failed, after its session expired").isIn(LeaseState.LOST, LeaseState.RELEASED));
      assertThat(other.locks().acquire("release-loss/expired", TestTiming.waitLimit()))
          .as("the lock, for another session").isPresent().get().satisfies(LockLease::release);
    }
  }

  @Test
  @DisplayName("a release whose reply is lost, then a reconnect: the lease ends RELEASED or LOST and the lock is free")
  void releaseReplyLostThenReconnected() {
    try (CoordinationClient holder = FIXTURE.open("holder", Duration.ofSeconds(5));
        CoordinationClient other = FIXTURE.open("other", Duration.ofSeconds(5))) {
      LockLease lease = holder.locks().tryAcquire("release-loss/reconnected").orElseThrow();

      FIXTURE.proxy(holder).loseNextReply("release-loss/reconnected");
      assertThatThrownBy(lease::release).isInstanceOf(ConnectionLossException.class);

      await().atMost(TestTiming.waitLimit()).untilAsserted(() -> assertThat(lease.state())
          .as("a lease whose release reply was lost, after reconnecting").isIn(LeaseState.LOST, LeaseState.RELEASED));
      assertThat(holder.session().state()).isEqualTo(SessionState.CONNECTED);
      assertThat(other.locks().acquire("release-loss/reconnected", TestTiming.waitLimit()))
          .as("the lock, for another session").isPresent().get().satisfies(LockLease::release);
      assertThat(holder.locks().tryAcquire("release-loss/reconnected")).as("the lock, for the same session again")
          .isPresent().get().satisfies(LockLease::release);
    }
  }
}
