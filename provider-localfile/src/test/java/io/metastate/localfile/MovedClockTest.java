package io.metastate.localfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import io.metastate.state.CreateMode;
import io.metastate.tck.MovableTicker;
import io.metastate.testing.TestTiming;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Time passing without contact, as a process pause would make it, on a client opened through {@link MetaState} with
 * a ticker in its config: its reads are honest at once, and the store expires it.
 */
@DisplayName("local-file: a client's clock moved past its TTL")
class MovedClockTest {
  @RegisterExtension final Clients clients = new Clients();
  MovableTicker clock = new MovableTicker();
  CoordinationClient holder;
  CoordinationClient other;

  @BeforeEach
  void open() {
    holder = clients.add(MetaState.open(MetaStateConfig.builder().set("metastate.provider", "localfile")
        .set(LocalFileCoordination.DIR_KEY, clients.dir().toString()).set("metastate.session.ttl", "2s")
        .set("metastate.owner-id", "holder").build().withTicker(clock)));
    other = clients.open();
  }

  @Test
  @DisplayName("reads SUSPENDED and UNCERTAIN on the first read, then the session expires and others take over")
  void honestThenExpired() {
    holder.state().create("/mine", new byte[0], CreateMode.EPHEMERAL);
    LockLease lease = holder.locks().tryAcquire("clock").orElseThrow();
    assertThat(lease.state()).isEqualTo(LeaseState.HELD);

    clock.advance(Duration.ofMillis(2100));
    SessionState session = holder.session().state();
    LeaseState held = lease.state();
    assertThat(session).as("session state on the first read").isNotEqualTo(SessionState.CONNECTED);
    assertThat(held).as("lease state on the first read").isNotEqualTo(LeaseState.HELD);
    assertThat(other.session().state()).as("a client whose clock did not move").isEqualTo(SessionState.CONNECTED);

    await().atMost(TestTiming.waitLimit()).until(() -> holder.session().state() == SessionState.EXPIRED);
    assertThat(lease.state()).isEqualTo(LeaseState.LOST);
    assertThat(other.state().exists("/mine")).isEmpty();
    try (LockLease next = other.locks().tryAcquire("clock").orElseThrow()) {
      assertThat(next.token().value()).isGreaterThan(lease.token().value());
    }
  }
}
