package io.metastate.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.metastate.Ticker;
import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseState;
import io.metastate.session.SessionState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("session and lease state machines")
class StateMachinesTest {
  /** A clock a test moves by hand. */
  private static final class HandTicker implements Ticker {
    final AtomicLong now = new AtomicLong(1_000);

    @Override
    public long read() {
      return now.get();
    }
  }

  private static final class TestSession extends AbstractSession {
    TestSession(long id, EventDispatcher events) {
      this(id, events, new HandTicker());
    }

    TestSession(long id, EventDispatcher events, Ticker ticker) {
      super(id, "owner", Duration.ofSeconds(1), events, ticker, ticker.read());
    }
  }

  private static final class TestLease extends AbstractLockLease {
    final AtomicInteger releases = new AtomicInteger();

    TestLease(EventDispatcher events) {
      this(new TestSession(1, events));
    }

    TestLease(AbstractSession session) {
      super("l", session, new FencingToken(1));
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
  @DisplayName("once its session reads EXPIRED a lease reads LOST, before the provider's transition has reached it")
  void expiredSessionReadsLost() {
    TestSession session = new TestSession(4, new EventDispatcher(Runnable::run));
    TestLease lease = new TestLease(session);
    List<String> seen = new CopyOnWriteArrayList<>();
    lease.addListener((l, from, to) -> seen.add(from + "->" + to));
    // The session moves first and the provider moves its leases after (AbstractSession.onStateChanged): a reader
    // between the two, such as a test that waited for EXPIRED, must not see the lease HELD.
    session.moveTo(SessionState.EXPIRED);
    assertThat(lease.state()).isEqualTo(LeaseState.LOST);
    assertThat(lease.isHeld()).isFalse();
    assertThat(seen).as("the read tells no listener: the provider's transition does").isEmpty();
    assertThat(lease.moveTo(LeaseState.LOST)).isTrue();
    assertThat(seen).containsExactly("HELD->LOST");
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

  @Test
  @DisplayName("once the last confirmed contact is a TTL old, a session reads SUSPENDED and its lease UNCERTAIN, before any transition; a newer contact makes them honest HELD again, an older stamp does not")
  void honestReads() {
    HandTicker clock = new HandTicker();
    TestSession session = new TestSession(3, new EventDispatcher(Runnable::run), clock);
    TestLease lease = new TestLease(session);
    long ttl = Duration.ofSeconds(1).toNanos();

    clock.now.addAndGet(ttl - 1);
    assertThat(session.state()).isEqualTo(SessionState.CONNECTED);
    assertThat(lease.state()).isEqualTo(LeaseState.HELD);

    clock.now.addAndGet(1);
    assertThat(session.contactLapsed()).isTrue();
    assertThat(session.state()).isEqualTo(SessionState.SUSPENDED);
    assertThat(session.reportedState()).isEqualTo(SessionState.CONNECTED);
    assertThat(lease.state()).isEqualTo(LeaseState.UNCERTAIN);
    assertThat(lease.isHeld()).isFalse();

    session.confirmContact(clock.read() - ttl - 5); // a stamp older than the latest changes nothing
    assertThat(lease.state()).isEqualTo(LeaseState.UNCERTAIN);
    session.confirmContact(clock.read() - 10);
    assertThat(session.state()).isEqualTo(SessionState.CONNECTED);
    assertThat(lease.state()).isEqualTo(LeaseState.HELD);
    assertThat(session.sinceContact()).isEqualTo(Duration.ofNanos(10));
  }
}
