package io.metastate.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseState;
import io.metastate.session.SessionState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("session and lease state machines")
class StateMachinesTest {
  private static final class TestSession extends AbstractSession {
    TestSession(long id, EventDispatcher events) {
      super(id, "owner", Duration.ofSeconds(1), events);
    }
  }

  private static final class TestLease extends AbstractLockLease {
    final AtomicInteger releases = new AtomicInteger();

    TestLease(EventDispatcher events) {
      super("l", "owner", 1, new FencingToken(1), events);
    }

    @Override
    protected void doRelease() {
      releases.incrementAndGet();
    }
  }

  @Test
  @DisplayName("sessions allow only the contract's transitions and tell listeners in order")
  void session() {
    EventDispatcher events = new EventDispatcher(Runnable::run);
    TestSession s = new TestSession(7, events);
    List<String> seen = new CopyOnWriteArrayList<>();
    s.addListener((session, from, to) -> seen.add(from + "->" + to));
    assertThat(s.moveTo(SessionState.SUSPENDED)).isTrue();
    assertThat(s.moveTo(SessionState.SUSPENDED)).isFalse();
    assertThat(s.moveTo(SessionState.CONNECTED)).isTrue();
    assertThat(s.moveTo(SessionState.EXPIRED)).isTrue();
    assertThat(s.moveTo(SessionState.CONNECTED)).isFalse();
    assertThat(s.moveTo(SessionState.CLOSED)).isFalse();
    assertThat(seen).containsExactly("CONNECTED->SUSPENDED", "SUSPENDED->CONNECTED", "CONNECTED->EXPIRED");
    assertThatThrownBy(() -> new TestSession(0, events)).isInstanceOf(IllegalArgumentException.class);
    assertThat(SessionState.CLOSED.canMoveTo(SessionState.CONNECTED)).isFalse();
    assertThat(SessionState.SUSPENDED.canMoveTo(SessionState.CLOSED)).isTrue();
  }

  @Test
  @DisplayName("a lease releases once, stays terminal, and notifies in order")
  void lease() {
    TestLease lease = new TestLease(new EventDispatcher(Runnable::run));
    List<String> seen = new CopyOnWriteArrayList<>();
    lease.addListener((l, from, to) -> seen.add(from + "->" + to));
    assertThat(lease.moveTo(LeaseState.UNCERTAIN)).isTrue();
    assertThat(lease.moveTo(LeaseState.HELD)).isTrue();
    lease.release();
    lease.close();
    assertThat(lease.releases).hasValue(1);
    assertThat(lease.state()).isEqualTo(LeaseState.RELEASED);
    assertThat(lease.moveTo(LeaseState.LOST)).isFalse();
    assertThat(seen).containsExactly("HELD->UNCERTAIN", "UNCERTAIN->HELD", "HELD->RELEASED");
  }

  @Test
  @DisplayName("the dispatcher runs tasks one at a time in order, and a failing listener does not stop the rest")
  void dispatcher() {
    EventDispatcher events = new EventDispatcher();
    List<Integer> order = new CopyOnWriteArrayList<>();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlap = new AtomicInteger();
    for (int i = 0; i < 200; i++) {
      int n = i;
      events.execute(() -> {
        if (running.incrementAndGet() > 1) {
          overlap.incrementAndGet();
        }
        order.add(n);
        running.decrementAndGet();
        if (n % 50 == 0) {
          throw new IllegalStateException("listener failure " + n);
        }
      });
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 200);
    assertThat(order).isSorted();
    assertThat(overlap).hasValue(0);
  }
}
