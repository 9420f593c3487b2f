package io.metastate.tck.recipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.InvalidPathException;
import io.metastate.error.LockAlreadyHeldException;
import io.metastate.lock.LockInfo;
import io.metastate.recipes.election.LeaderCandidate;
import io.metastate.recipes.election.LeaderInfo;
import io.metastate.recipes.election.LeaderObserver;
import io.metastate.recipes.election.Leadership;
import io.metastate.session.SessionState;
import io.metastate.tck.Capability;
import io.metastate.tck.Contract;
import io.metastate.tck.Requires;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Leader election: one leader at a time, epochs that increase, observers, resign, close, expiry, the bound. */
public abstract class LeaderElectionContract extends Contract {

  private LeaderCandidate candidate(CoordinationClient client, String election, Recorder recorder, String metadata) {
    return LeaderCandidate.builder(client, election).metadata(metadata.getBytes(StandardCharsets.UTF_8))
        .listener(recorder).start();
  }

  @Test
  @DisplayName("one candidate leads, the other waits; the epoch is the election lock's fencing token")
  void oneLeader() {
    List<CoordinationClient> c = kit.open(3);
    String election = kit.lock("e");
    LeaderCandidate ca = candidate(c.get(0), election, new Recorder(c.get(0)), "a");
    Leadership term = ca.awaitLeadership(kit.timeout()).orElseThrow();
    LeaderCandidate cb = candidate(c.get(1), election, new Recorder(c.get(1)), "b");
    assertThat(cb.awaitLeadership(Duration.ofMillis(200))).isEmpty();
    assertThat(ca.isLeader()).isTrue();
    assertThat(cb.isLeader()).isFalse();
    LockInfo lock = c.get(2).locks().query("metastate-elections/" + election).orElseThrow();
    assertThat(lock.token()).isEqualTo(term.token());
    assertThat(lock.sessionId()).isEqualTo(c.get(0).locks().session().id());
  }

  @Test
  @DisplayName("observers see the leader's owner, session, epoch and metadata, and each change of leader")
  void observe() {
    List<CoordinationClient> c = kit.open(3);
    String election = kit.lock("e");
    LeaderObserver observer = LeaderObserver.open(c.get(2), election);
    assertThat(observer.leader()).isEmpty();
    List<Optional<LeaderInfo>> changes = new CopyOnWriteArrayList<>();
    observer.addListener((before, now) -> changes.add(now));
    LeaderCandidate ca = candidate(c.get(0), election, new Recorder(c.get(0)), "host-a:1");
    Leadership first = ca.awaitLeadership(kit.timeout()).orElseThrow();
    kit.await().until(() -> observer.leader().isPresent());
    LeaderInfo info = observer.leader().orElseThrow();
    assertThat(info.ownerId()).isEqualTo(c.get(0).session().ownerId());
    assertThat(info.sessionId()).isEqualTo(c.get(0).locks().session().id());
    assertThat(info.token()).isEqualTo(first.token());
    assertThat(new String(info.metadata(), StandardCharsets.UTF_8)).isEqualTo("host-a:1");

    LeaderCandidate cb = candidate(c.get(1), election, new Recorder(c.get(1)), "host-b:2");
    ca.close();
    Leadership second = cb.awaitLeadership(kit.timeout()).orElseThrow();
    kit.await().until(() -> observer.leader().map(LeaderInfo::token).equals(Optional.of(second.token())));
    assertThat(new String(observer.leader().orElseThrow().metadata(), StandardCharsets.UTF_8)).isEqualTo("host-b:2");
    // Listeners are told after leader() changes, on the observer's own thread.
    kit.await().until(() -> !changes.isEmpty() && changes.get(changes.size() - 1).equals(observer.leader()));
    assertThat(changes.get(0).map(LeaderInfo::token)).contains(first.token());
  }

  @Test
  @DisplayName("resign hands leadership to the next candidate with a greater epoch; the resigner queues again")
  void resign() {
    List<CoordinationClient> c = kit.open(2);
    String election = kit.lock("e");
    Recorder ra = new Recorder(c.get(0));
    LeaderCandidate ca = candidate(c.get(0), election, ra, "a");
    Leadership first = ca.awaitLeadership(kit.timeout()).orElseThrow();
    Recorder rb = new Recorder(c.get(1));
    LeaderCandidate cb = candidate(c.get(1), election, rb, "b");
    ca.resign();
    assertThat(first.isValid()).isFalse();
    Leadership second = cb.awaitLeadership(kit.timeout()).orElseThrow();
    assertThat(second.token()).isGreaterThan(first.token());
    kit.await().until(() -> ra.events.equals(List.of("elected", "revoked:RESIGNED")));
    assertThat(ca.isActive()).isTrue();

    cb.close();
    Leadership third = ca.awaitLeadership(kit.timeout()).orElseThrow();
    assertThat(third.token()).isGreaterThan(second.token());
    kit.await().until(() -> rb.events.equals(List.of("elected", "revoked:CLOSED")));
    assertThat(cb.isActive()).isFalse();
  }

  @Test
  @Requires(Capability.EXPIRE_SESSION)
  @DisplayName("when the leader's session expires it is revoked once and stops; the next candidate leads")
  void expiry() {
    List<CoordinationClient> c = kit.open(2);
    String election = kit.lock("e");
    Recorder ra = new Recorder(c.get(0));
    LeaderCandidate ca = candidate(c.get(0), election, ra, "a");
    Leadership first = ca.awaitLeadership(kit.timeout()).orElseThrow();
    LeaderCandidate cb = candidate(c.get(1), election, new Recorder(c.get(1)), "b");
    kit.expire(c.get(0));
    Leadership second = cb.awaitLeadership(kit.expiryTimeout(c.get(0))).orElseThrow();
    assertThat(second.token()).isGreaterThan(first.token());
    // A provider may report the expiry as a suspension first: revoked for uncertainty, then the loss ends it.
    kit.await().until(() -> ra.events.size() == 2 && !ca.isActive());
    assertThat(ra.events.get(0)).isEqualTo("elected");
    assertThat(ra.events.get(1)).isIn("revoked:LEASE_LOST", "revoked:UNCERTAIN_TOO_LONG");
    assertThat(first.isValid()).isFalse();
  }

  @Test
  @Requires(Capability.DISCONNECT_CLIENT)
  @DisplayName("cut off past the uncertainty bound, the leader is revoked before its session expires")
  void uncertaintyBound() {
    List<CoordinationClient> c = kit.open(2);
    String election = kit.lock("e");
    Recorder ra = new Recorder(c.get(0));
    Duration bound = c.get(0).session().ttl().dividedBy(4);
    LeaderCandidate ca = LeaderCandidate.builder(c.get(0), election).listener(ra).uncertaintyBound(bound).start();
    Leadership first = ca.awaitLeadership(kit.timeout()).orElseThrow();
    LeaderCandidate cb = candidate(c.get(1), election, new Recorder(c.get(1)), "b");
    kit.disconnect(c.get(0));
    kit.await(kit.expiryTimeout(c.get(0))).until(() -> ra.events.contains("revoked:UNCERTAIN_TOO_LONG"));
    assertThat(ra.stateAtRevocation).as("revoked while the session was suspended, not yet expired")
        .isEqualTo(SessionState.SUSPENDED);
    assertThat(first.isValid()).isFalse();
    kit.reconnect(c.get(0));
    // Either the session survived and the candidate stepped down, or it expired: the other leads next.
    Leadership second = cb.awaitLeadership(kit.expiryTimeout(c.get(0))).orElseThrow();
    assertThat(second.token()).isGreaterThan(first.token());
  }

  @Test
  @Requires(Capability.DISCONNECT_CLIENT)
  @DisplayName("with a zero bound, leadership is revoked as soon as the session is suspended")
  void zeroBound() {
    CoordinationClient a = kit.open();
    Recorder ra = new Recorder(a);
    LeaderCandidate ca = LeaderCandidate.builder(a, kit.lock("e")).listener(ra).uncertaintyBound(Duration.ZERO)
        .start();
    ca.awaitLeadership(kit.timeout()).orElseThrow();
    kit.disconnect(a);
    kit.await(kit.expiryTimeout(a)).until(() -> ra.events.contains("revoked:UNCERTAIN_TOO_LONG"));
    assertThat(ra.stateAtRevocation).isEqualTo(SessionState.SUSPENDED);
  }

  @Test
  @DisplayName("bad settings and a second candidacy of one session are refused with specific errors")
  void badInput() {
    CoordinationClient a = kit.open();
    String election = kit.lock("e");
    Duration ttl = a.locks().session().ttl();
    assertThatThrownBy(() -> LeaderCandidate.builder(a, election).uncertaintyBound(ttl).start())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ttl.toString());
    assertThatThrownBy(() -> LeaderCandidate.builder(a, election).uncertaintyBound(Duration.ofMillis(-1)).start())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.001");
    assertThatThrownBy(() -> LeaderCandidate.builder(a, election).requeue(true).requeue(false))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("requeue");
    assertThatThrownBy(() -> LeaderCandidate.builder(a, "bad name")).isInstanceOf(InvalidPathException.class);
    LeaderCandidate.builder(a, election).start().awaitLeadership(kit.timeout()).orElseThrow();
    assertThatThrownBy(() -> LeaderCandidate.builder(a, election).start())
        .isInstanceOf(LockAlreadyHeldException.class);
  }
}
