package io.metastate.recipes.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.InvalidPathException;
import io.metastate.error.LockAlreadyHeldException;
import io.metastate.localfile.LocalFileTesting;
import io.metastate.recipes.testing.LocalClients;
import io.metastate.session.SessionState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaderElectionTest {
  private static final Duration WAIT = LocalClients.scaled(Duration.ofSeconds(10));

  @TempDir
  Path dir;
  private LocalClients clients;
  private CoordinationClient a;
  private CoordinationClient b;

  @BeforeEach
  void open() {
    clients = new LocalClients(dir);
    a = clients.open();
    b = clients.open();
  }

  @AfterEach
  void close() {
    clients.close();
  }

  private LeaderCandidate candidate(CoordinationClient client, Recorder recorder, String metadata) {
    return LeaderCandidate.builder(client, "e").metadata(metadata.getBytes(StandardCharsets.UTF_8))
        .listener(recorder).start();
  }

  @Test
  @DisplayName("one candidate leads; observers see its metadata; on resign the next leads with a greater epoch")
  void electResignObserve() {
    Recorder ra = new Recorder(a);
    Recorder rb = new Recorder(b);
    LeaderCandidate ca = candidate(a, ra, "host-a:1");
    Leadership first = ca.awaitLeadership(WAIT).orElseThrow();
    LeaderCandidate cb = candidate(b, rb, "host-b:2");
    assertThat(cb.isLeader()).isFalse();

    CoordinationClient watcher = clients.open();
    LeaderObserver observer = LeaderObserver.open(watcher, "e");
    List<String> changes = new CopyOnWriteArrayList<>();
    observer.addListener((before, now) -> changes.add(now.map(i -> i.ownerId()).orElse("none")));
    LeaderInfo info = observer.leader().orElseThrow();
    assertThat(info.ownerId()).isEqualTo(a.session().ownerId());
    assertThat(info.sessionId()).isEqualTo(a.session().id());
    assertThat(info.token()).isEqualTo(first.token());
    assertThat(new String(info.metadata(), StandardCharsets.UTF_8)).isEqualTo("host-a:1");

    ca.resign();
    Leadership second = cb.awaitLeadership(WAIT).orElseThrow();
    assertThat(second.token()).isGreaterThan(first.token());
    assertThat(first.isValid()).isFalse();
    LocalClients.await().until(() -> observer.leader().map(LeaderInfo::token).equals(Optional.of(second.token())));
    assertThat(changes).last().isEqualTo(b.session().ownerId());
    LocalClients.await().until(() -> ra.events.equals(List.of("elected", "revoked:RESIGNED")));
    assertThat(ca.isActive()).isTrue(); // requeued behind b

    cb.close();
    Leadership third = ca.awaitLeadership(WAIT).orElseThrow();
    assertThat(third.token()).isGreaterThan(second.token());
    LocalClients.await().until(() -> rb.events.equals(List.of("elected", "revoked:CLOSED")));
    assertThat(cb.isActive()).isFalse();
  }

  @Test
  @DisplayName("suspended past the bound, the leader is revoked while its session is still alive; on resume it hands over")
  void uncertaintyBound() {
    Recorder ra = new Recorder(a);
    LeaderCandidate ca = LeaderCandidate.builder(a, "e").listener(ra).uncertaintyBound(Duration.ofMillis(200))
        .start();
    Leadership first = ca.awaitLeadership(WAIT).orElseThrow();
    LeaderCandidate cb = candidate(b, new Recorder(b), "b");
    LocalFileTesting.suspend(a);
    LocalClients.await().until(() -> ra.events.contains("revoked:UNCERTAIN_TOO_LONG"));
    assertThat(ra.stateAtRevocation).as("revoked before the session could expire").isEqualTo(SessionState.SUSPENDED);
    assertThat(first.isValid()).isFalse();
    LocalFileTesting.resume(a);
    Leadership second = cb.awaitLeadership(WAIT).orElseThrow();
    assertThat(second.token()).isGreaterThan(first.token());
    assertThat(a.session().state()).isEqualTo(SessionState.CONNECTED);
  }

  @Test
  @DisplayName("with a zero bound, leadership is revoked as soon as the session is suspended")
  void zeroBound() {
    Recorder ra = new Recorder(a);
    LeaderCandidate ca = LeaderCandidate.builder(a, "e").listener(ra).uncertaintyBound(Duration.ZERO).start();
    ca.awaitLeadership(WAIT).orElseThrow();
    LocalFileTesting.suspend(a);
    LocalClients.await().until(() -> ra.events.contains("revoked:UNCERTAIN_TOO_LONG"));
    assertThat(ra.stateAtRevocation).isEqualTo(SessionState.SUSPENDED);
    LocalFileTesting.resume(a);
    // Nobody else wants it: the candidate queues again and leads once more, with a new epoch.
    LocalClients.await().until(() -> ra.events.size() == 3);
    assertThat(ra.events).containsExactly("elected", "revoked:UNCERTAIN_TOO_LONG", "elected");
  }

  @Test
  @DisplayName("a suspension shorter than the bound keeps the leadership")
  void shortSuspension() {
    Recorder ra = new Recorder(a);
    LeaderCandidate ca = LeaderCandidate.builder(a, "e").listener(ra).uncertaintyBound(Duration.ofMillis(1500))
        .start();
    Leadership term = ca.awaitLeadership(WAIT).orElseThrow();
    LocalFileTesting.suspend(a);
    LocalClients.await().until(() -> !term.lease().isHeld());
    LocalFileTesting.resume(a);
    LocalClients.await().until(ca::isLeader);
    LocalClients.await().during(Duration.ofMillis(1800)).atMost(WAIT).until(() -> ra.events.equals(List.of("elected")));
    assertThat(term.isValid()).isTrue();
  }

  @Test
  @DisplayName("when the leader's session expires, it is told LEASE_LOST, stops, and the next candidate leads")
  void expiry() {
    Recorder ra = new Recorder(a);
    LeaderCandidate ca = candidate(a, ra, "a");
    Leadership first = ca.awaitLeadership(WAIT).orElseThrow();
    LeaderCandidate cb = candidate(b, new Recorder(b), "b");
    LocalFileTesting.expireSession(a);
    Leadership second = cb.awaitLeadership(WAIT).orElseThrow();
    assertThat(second.token()).isGreaterThan(first.token());
    LocalClients.await().until(() -> ra.events.equals(List.of("elected", "revoked:LEASE_LOST")) && !ca.isActive());
  }

  @Test
  @DisplayName("bad settings and a second candidacy of one session are refused with specific errors")
  void badInput() {
    assertThatThrownBy(() -> LeaderCandidate.builder(a, "e").uncertaintyBound(LocalClients.TTL).start())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("less than the session TTL");
    assertThatThrownBy(() -> LeaderCandidate.builder(a, "e").requeue(true).requeue(false))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("requeue");
    assertThatThrownBy(() -> LeaderCandidate.builder(a, "bad name")).isInstanceOf(InvalidPathException.class);
    LeaderCandidate.builder(a, "e").start();
    assertThatThrownBy(() -> LeaderCandidate.builder(a, "e").start()).isInstanceOf(LockAlreadyHeldException.class);
  }
}
