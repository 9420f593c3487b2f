package io.metastate.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import io.metastate.state.CreateMode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Time passes for one client without contact, as in a process pause (GC, SIGSTOP, a suspended VM): its clock moves
 * past the TTL while nothing else happens. The session and its leases must say so on the very first read, before any
 * I/O could have told them, because the backend may already have handed the locks to others.
 */
@Requires(Capability.MOVE_CLOCK)
public abstract class ClockContract extends Contract {

  @Test
  @DisplayName("a clock moved past the TTL makes the session read non-CONNECTED and every lease non-HELD on the very first read")
  @Verifies({"FAULT-8", "SESSION-11", "LEASE-4", "CONFIG-4"})
  void firstRead() {
    CoordinationClient a = kit.open();
    List<LockLease> leases = List.of(a.locks().tryAcquire(kit.lock("l1")).orElseThrow(),
        a.locks().tryAcquire(kit.lock("l2")).orElseThrow());
    kit.advanceClock(a, KitContext.ttl(a).multipliedBy(2));
    // Read at once, in one go, before the client's machinery can run a keep-alive.
    SessionState session = a.session().state();
    LeaseState first = leases.get(0).state();
    LeaseState second = leases.get(1).state();
    boolean held = leases.get(0).isHeld();
    assertThat(session).as("session state on the first read after the clock moved past the TTL")
        .isNotEqualTo(SessionState.CONNECTED);
    assertThat(List.of(first, second)).as("lease states on the first read").doesNotContain(LeaseState.HELD);
    assertThat(held).as("isHeld() on the first read").isFalse();
  }

  @Test
  @DisplayName("after the clock moved, the session settles: CONNECTED with its locks and nodes, or EXPIRED without them")
  @Verifies("FAULT-9")
  void settles() {
    List<CoordinationClient> c = kit.open(2);
    CoordinationClient a = c.get(0);
    LockLease lease = a.locks().tryAcquire(kit.lock("l")).orElseThrow();
    String node = a.state().create(kit.path("eph"), new byte[0], CreateMode.EPHEMERAL);
    Transitions told = new Transitions();
    a.session().addListener(told);
    kit.advanceClock(a, KitContext.ttl(a).multipliedBy(2));
    Duration bound = kit.expiryTimeout(a);
    kit.await(bound).until(() -> (a.session().state() == SessionState.CONNECTED && lease.state() == LeaseState.HELD)
        || (a.session().state() == SessionState.EXPIRED && lease.state() == LeaseState.LOST));
    assertThat(told.problems()).isEmpty();
    if (a.session().state() == SessionState.CONNECTED) {
      assertThat(c.get(1).locks().query(kit.lock("l"))).hasValueSatisfying(
          i -> assertThat(i.token()).isEqualTo(lease.token()));
      assertThat(c.get(1).state().exists(node)).isPresent();
    } else {
      kit.await().until(() -> c.get(1).state().exists(node).isEmpty());
      assertThat(c.get(1).locks().tryAcquire(kit.lock("l"))).isPresent();
    }
  }
}
