package io.metastate.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import io.metastate.testing.ChildProcess;
import io.metastate.testing.TestTiming;
import io.metastate.testing.zookeeper.ZooKeeperTestServer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hole 8: a holder that was paused longer than its session must not read its lease HELD after it resumes, not even
 * in the first instant before its ZooKeeper client has noticed anything: the local clock already says that no
 * contact has been confirmed for longer than the session can survive.
 */
class PausedHolderTest {
  private static final String LOCK = "paused/holder";

  @Test
  @DisplayName("a holder SIGSTOPped past its session never reads HELD after SIGCONT, while another process holds the lock")
  void pausedHolderInAnotherProcess() throws Exception {
    try (ZooKeeperTestServer server = ZooKeeperTestServer.start();
        ChildProcess child = ChildProcess.java(PausedHolder.class, server.connectString(), LOCK);
        CoordinationClient other = MetaState.open(ZooKeeperFixture.config(server.connectString(), "other"))) {
      await().atMost(TestTiming.seconds(60)).until(() -> child.lines().stream().anyMatch(l -> l.startsWith("STATE ")));
      long childToken = Long.parseLong(child.lines().stream().filter(l -> l.startsWith("TOKEN ")).findFirst()
          .orElseThrow().substring("TOKEN ".length()));

      child.pause();
      // The child's session expires on the server (2 s TTL) while it is frozen; then we get the lock.
      Optional<LockLease> taken = other.locks().acquire(LOCK, TestTiming.seconds(30));
      assertThat(taken).as("the lock after the paused holder's session expired").isPresent();
      assertThat(taken.get().token().value()).isGreaterThan(childToken);

      long resumedAt = System.currentTimeMillis();
      child.resume();
      await().atMost(TestTiming.seconds(30)).until(() -> readsAfter(child.lines(), resumedAt).stream()
          .anyMatch(l -> l.endsWith(" " + LeaseState.LOST)));
      assertThat(readsAfter(child.lines(), resumedAt))
          .as("what the paused holder read after it resumed (another process holds the lock)")
          .isNotEmpty()
          .noneMatch(l -> l.endsWith(" " + LeaseState.HELD));
      taken.get().release();
    }
  }

  @Test
  @DisplayName("moving a holder's clock past its session TTL makes its lease read non-HELD at once")
  void clockMovedPastTtl() {
    try (ZooKeeperFixture fixture = new ZooKeeperFixture();
        CoordinationClient client = fixture.open("moved-clock")) {
      LockLease lease = client.locks().tryAcquire("moved/clock").orElseThrow();
      assertThat(lease.state()).isEqualTo(LeaseState.HELD);

      fixture.advanceClock(client, client.session().ttl());

      assertThat(lease.state()).as("lease right after a TTL without contact").isNotEqualTo(LeaseState.HELD);
      assertThat(client.session().state()).as("session right after a TTL without contact")
          .isNotEqualTo(SessionState.CONNECTED);
      // Nothing was wrong with the connection: the next confirmed contact makes it HELD again.
      await().atMost(TestTiming.waitLimit()).until(() -> lease.state() == LeaseState.HELD);
      lease.release();
    }
  }

  /** The {@code STATE} lines whose read started at or after {@code millis} (wall clock, shared by both JVMs). */
  private static List<String> readsAfter(List<String> lines, long millis) {
    return lines.stream().filter(l -> l.startsWith("STATE "))
        .filter(l -> Long.parseLong(l.split(" ")[1]) >= millis).toList();
  }
}
