package io.metastate.provider.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.error.ConnectionLossException;
import io.metastate.lock.LeaseState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the lease state machine shared by lock leases and key leases")
class LeaseStateMachineTest {
  private final List<String> told = new ArrayList<>();
  private final List<LeaseState> ended = new ArrayList<>();
  // Runs notifications inline: the order they are queued in is the order recorded.
  private final LeaseStateMachine<String> machine =
      new LeaseStateMachine<>(Runnable::run, (l, from, to) -> told.add(l + ":" + from + "->" + to), ended::add);

  @Test
  @DisplayName("a failed release leaves the lease as it was, and a later release tries again")
  void releaseRetriedAfterFailure() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> machine.release(() -> {
      calls.incrementAndGet();
      throw new ConnectionLossException("unknown", null);
    })).isInstanceOf(ConnectionLossException.class);
    assertThat(machine.state()).isEqualTo(LeaseState.HELD);
    assertThat(machine.isReleasing()).isFalse();
    machine.release(calls::incrementAndGet);
    assertThat(calls).hasValue(2);
    assertThat(machine.state()).isEqualTo(LeaseState.RELEASED);
    machine.release(calls::incrementAndGet);
    assertThat(calls).as("never again once released").hasValue(2);
  }

  @Test
  @DisplayName("UNCERTAIN and HELD alternate, the terminal hook runs once, and nothing moves a terminal lease")
  void terminalOnce() {
    machine.addListener("a");
    assertThat(machine.moveTo(LeaseState.UNCERTAIN)).isTrue();
    assertThat(machine.moveTo(LeaseState.UNCERTAIN)).isFalse();
    assertThat(machine.moveTo(LeaseState.HELD)).isTrue();
    assertThat(machine.moveTo(LeaseState.LOST)).isTrue();
    assertThat(machine.moveTo(LeaseState.RELEASED)).isFalse();
    machine.release(() -> {
      throw new AssertionError("a lost lease has nothing to release");
    });
    assertThat(told).containsExactly("a:HELD->UNCERTAIN", "a:UNCERTAIN->HELD", "a:HELD->LOST");
    assertThat(ended).containsExactly(LeaseState.LOST);
  }

  @Test
  @DisplayName("a removed listener is told nothing more")
  void removeListener() {
    machine.addListener("a");
    machine.moveTo(LeaseState.UNCERTAIN);
    machine.removeListener("a");
    machine.moveTo(LeaseState.HELD);
    assertThat(told).containsExactly("a:HELD->UNCERTAIN");
  }
}
