package io.metastate.tck.recipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.recipes.election.LeaderCandidate;
import io.metastate.recipes.election.Leadership;
import io.metastate.tck.Capability;
import io.metastate.tck.Contract;
import io.metastate.tck.Requires;
import io.metastate.tck.wire.Direction;
import io.metastate.tck.wire.LoopbackProxy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Leader election when the leader loses contact: leadership must end before the session can expire, whatever
 * uncertainty bound was asked for. A provider notices a lost connection late (ZooKeeper about 2/3 of the TTL after
 * the last contact, etcd at 0.6), so a bound that is large next to the TTL cannot be honoured and is refused; and a
 * candidate never reads as leading once its session reads anything but CONNECTED past the bound.
 */
public abstract class LeaderElectionSafetyContract extends Contract {

  /** Starts a candidate with the largest of a range of bounds it accepts: the loosest configuration allowed. */
  private static LeaderCandidate loosest(CoordinationClient client, String election, Recorder recorder) {
    Duration ttl = client.locks().session().ttl();
    List<Duration> bounds = List.of(ttl.minusMillis(1), ttl.multipliedBy(3).dividedBy(4), ttl.dividedBy(2),
        ttl.dividedBy(3), ttl.dividedBy(4), ttl.dividedBy(5), ttl.dividedBy(8), Duration.ZERO);
    for (Duration bound : bounds) {
      try {
        return LeaderCandidate.builder(client, election).listener(recorder).uncertaintyBound(bound).start();
      } catch (IllegalArgumentException refused) {
        // looser than this provider can honour: try the next
      }
    }
    throw new AssertionError("no uncertainty bound accepted, not even zero");
  }

  private static boolean leadingByAnyRead(LeaderCandidate candidate, Leadership term) {
    return candidate.isLeader() || candidate.leadership().filter(Leadership::isValid).isPresent() || term.isValid();
  }

  @Test
  @DisplayName("an uncertainty bound that no provider can honour (half the TTL, or the TTL) is refused, naming the"
      + " value and the maximum")
  void boundTooLoose() {
    CoordinationClient a = kit.open();
    String election = kit.lock("e");
    Duration ttl = a.locks().session().ttl();
    for (Duration bound : List.of(ttl.dividedBy(2), ttl)) {
      assertThatThrownBy(() -> LeaderCandidate.builder(a, election).uncertaintyBound(bound).start())
          .as("uncertaintyBound(%s) with a session TTL of %s", bound, ttl)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bound.toString())
          .hasMessageContaining("maximum");
    }
    assertThat(LeaderCandidate.builder(a, election).start().awaitLeadership(kit.timeout())).as("the default bound")
        .isPresent();
  }

  @Test
  @Requires(Capability.NETWORK_FAULTS)
  @DisplayName("a leader whose replies stop arriving reads as not leading by the time another candidate leads, whatever"
      + " bound it was built with")
  void silencedLeaderStepsDownInTime() {
    List<CoordinationClient> c = kit.open(2);
    String election = kit.lock("e");
    Recorder ra = new Recorder(c.get(0));
    LeaderCandidate ca = loosest(c.get(0), election, ra);
    Leadership first = ca.awaitLeadership(kit.timeout()).orElseThrow();
    LeaderCandidate cb = LeaderCandidate.builder(c.get(1), election).listener(new Recorder(c.get(1))).start();
    LoopbackProxy proxy = kit.fixture().proxy(c.get(0));
    try {
      // Silence, not a reset: the client learns of the loss only from its own timeouts, as after a network partition.
      proxy.blackhole(Direction.TO_BACKEND);
      proxy.blackhole(Direction.TO_CLIENT);
      Leadership second = cb.awaitLeadership(kit.expiryTimeout(c.get(0))).orElseThrow();
      assertThat(second.token()).isGreaterThan(first.token());
      assertThat(leadingByAnyRead(ca, first)).as("the old leader reads as leading while another leads").isFalse();
    } finally {
      proxy.heal();
    }
  }

  @Test
  @Requires(Capability.MOVE_CLOCK)
  @DisplayName("a leader whose clock says its last contact is a TTL old reads as not leading at once, and is revoked,"
      + " whatever bound it was built with")
  void leaderPastItsTtlIsNotLeading() {
    CoordinationClient a = kit.open();
    Recorder ra = new Recorder(a);
    LeaderCandidate ca = loosest(a, kit.lock("e"), ra);
    Leadership term = ca.awaitLeadership(kit.timeout()).orElseThrow();
    kit.fixture().advanceClock(a, a.locks().session().ttl());
    assertThat(leadingByAnyRead(ca, term)).as("leading, read right after the clock moved a TTL on").isFalse();
    kit.await().alias("the listener is told of the revocation")
        .until(() -> ra.events.size() >= 2 && ra.events.get(1).startsWith("revoked:"));
  }
}
