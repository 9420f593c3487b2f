package io.metastate.localfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.metastate.CoordinationClient;
import io.metastate.error.BackendUnavailableException;
import io.metastate.error.SessionExpiredException;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import io.metastate.state.CreateMode;
import io.metastate.testing.TestTiming;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("local-file sessions")
class SessionsTest {
  @RegisterExtension final Clients clients = new Clients();
  FakeTicker ticker = new FakeTicker();

  private static List<String> record(CoordinationClient c) {
    List<String> seen = new CopyOnWriteArrayList<>();
    c.session().addListener((s, from, to) -> seen.add(from + "->" + to));
    return seen;
  }

  @Test
  @DisplayName("a suspended session stays SUSPENDED until its TTL passes on the ticker, then EXPIRES and cleans up")
  void ttlOnTicker() {
    CoordinationClient a = clients.open(ticker);
    CoordinationClient b = clients.open();
    List<String> seen = record(a);
    a.state().create("/eph", new byte[0], CreateMode.EPHEMERAL);
    LockLease lease = a.locks().tryAcquire("held").orElseThrow();
    LocalFileTesting.suspend(a);
    assertThat(a.session().state()).isEqualTo(SessionState.SUSPENDED);
    assertThat(lease.state()).isEqualTo(LeaseState.UNCERTAIN);
    assertThatThrownBy(() -> a.state().get("/eph")).isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining("suspended");
    // Real time passes, the ticker does not: the reaper must not expire the session.
    ticker.advance(Duration.ofMillis(1900));
    await().pollDelay(Duration.ofMillis(200)).atMost(TestTiming.waitLimit())
        .until(() -> a.session().state() == SessionState.SUSPENDED);
    assertThat(b.state().exists("/eph")).isPresent();
    ticker.advance(Duration.ofMillis(200));
    await().atMost(TestTiming.waitLimit()).until(() -> a.session().state() == SessionState.EXPIRED);
    assertThat(b.state().exists("/eph")).isEmpty();
    assertThat(lease.state()).isEqualTo(LeaseState.LOST);
    assertThat(b.locks().query("held")).isEmpty();
    await().atMost(TestTiming.waitLimit()).until(() -> seen.size() == 2);
    assertThat(seen).containsExactly("CONNECTED->SUSPENDED", "SUSPENDED->EXPIRED");
    assertThatThrownBy(() -> a.state().get("/eph")).isInstanceOf(SessionExpiredException.class);
    LocalFileTesting.resume(a);
    assertThat(a.session().state()).isEqualTo(SessionState.EXPIRED);
  }

  @Test
  @DisplayName("a resumed session is CONNECTED again with its leases HELD and its nodes in place")
  void resume() {
    CoordinationClient a = clients.open(ticker);
    List<String> seen = record(a);
    a.state().create("/kept", new byte[0], CreateMode.EPHEMERAL);
    LockLease lease = a.locks().tryAcquire("kept").orElseThrow();
    LocalFileTesting.suspend(a);
    ticker.advance(Duration.ofMillis(1500));
    LocalFileTesting.resume(a);
    assertThat(a.session().state()).isEqualTo(SessionState.CONNECTED);
    assertThat(lease.state()).isEqualTo(LeaseState.HELD);
    // the lease was renewed on resume: another 1.5s on the ticker is within the new TTL
    ticker.advance(Duration.ofMillis(1500));
    assertThat(a.state().exists("/kept")).isPresent();
    await().atMost(TestTiming.waitLimit()).until(() -> seen.size() == 2);
    assertThat(seen).containsExactly("CONNECTED->SUSPENDED", "SUSPENDED->CONNECTED");
  }

  @Test
  @DisplayName("an unsuspended session is kept alive however far its ticker moves, in steps its keep-alive keeps up with")
  void keepAlive() {
    CoordinationClient alive = clients.open(ticker);
    LocalSession session = ((LocalClient) alive).localSession();
    for (int step = 0; step < 20; step++) { // 10s on the ticker, five TTLs
      ticker.advance(Duration.ofMillis(500));
      await().atMost(TestTiming.waitLimit()).until(() -> session.sinceContact().compareTo(Duration.ofMillis(500)) < 0);
    }
    assertThat(alive.session().state()).isEqualTo(SessionState.CONNECTED);
    assertThat(alive.state().exists("/")).isPresent();
  }

  @Test
  @DisplayName("a jump of the ticker past the TTL (a pause) expires even a session whose keep-alive runs")
  void jumpExpires() {
    CoordinationClient paused = clients.open(ticker);
    ticker.advance(Duration.ofMinutes(5));
    await().atMost(TestTiming.waitLimit()).until(() -> paused.session().state() == SessionState.EXPIRED);
  }

  @Test
  @DisplayName("an ephemeral create racing the expiry never outlives the session")
  void ephemeralRace() throws Exception {
    for (int round = 0; round < 20; round++) {
      CoordinationClient a = clients.open();
      CoordinationClient b = clients.open();
      String base = "/race" + round;
      CompletableFuture<Void> creator = CompletableFuture.runAsync(() -> {
        try {
          for (int i = 0; ; i++) {
            a.state().create(base + "-" + i, new byte[0], CreateMode.EPHEMERAL);
          }
        } catch (SessionExpiredException expected) {
          // the session ended under us
        }
      });
      LocalFileTesting.expireSession(a);
      creator.get(TestTiming.waitLimit().toMillis(), TimeUnit.MILLISECONDS);
      assertThat(b.state().children("/")).noneMatch(n -> n.startsWith(base.substring(1) + "-"));
    }
  }
}
