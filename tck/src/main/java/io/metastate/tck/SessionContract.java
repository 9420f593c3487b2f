package io.metastate.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.ClientClosedException;
import io.metastate.error.SessionExpiredException;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Sessions: states, ordered transitions, and what ending a session does to its nodes and locks. */
public abstract class SessionContract extends Contract {

  @Nested
  @DisplayName("a new session")
  class NewSession {
    @Test
    @DisplayName("is CONNECTED, with a non-zero id, the owner id it was opened with and a positive TTL")
    @Verifies({"SESSION-17", "SESSION-9", "SESSION-12", "SESSION-5"})
    void connected() {
      CoordinationClient c = kit.open();
      assertThat(c.session().state()).isEqualTo(SessionState.CONNECTED);
      assertThat(c.session().id()).isNotZero();
      assertThat(c.session().ownerId()).startsWith("tck-").endsWith("-c1");
      assertThat(c.session().ttl()).isPositive();
      assertThat(c.locks().session().id()).isEqualTo(c.session().id());
      assertThat(c.state().session().id()).isEqualTo(c.session().id());
    }

    @Test
    @DisplayName("comes from a provider that discovery finds under the client's provider name")
    @Verifies({"CONFIG-1", "CONFIG-2"})
    void discoverable() {
      CoordinationClient c = kit.open();
      assertThat(c.providerName()).isEqualTo(c.providerName().toLowerCase(java.util.Locale.ROOT));
      assertThat(io.metastate.MetaState.availableProviders()).contains(c.providerName());
      assertThat(io.metastate.MetaState.provider(c.providerName()).name()).isEqualTo(c.providerName());
    }

    @Test
    @DisplayName("belongs to one client: two clients have two different session ids")
    @Verifies("SESSION-1")
    void distinct() {
      CoordinationClient a = kit.open();
      CoordinationClient b = kit.open();
      assertThat(a.session().id()).isNotEqualTo(b.session().id());
    }
  }

  @Nested
  @DisplayName("closing a client")
  class Closing {
    @Test
    @DisplayName("moves its session to CLOSED and tells the listener CONNECTED->CLOSED")
    @Verifies({"SESSION-3", "SESSION-13"})
    void closedTold() {
      CoordinationClient c = kit.open();
      Transitions t = new Transitions();
      c.session().addListener(t);
      c.close();
      assertThat(c.session().state()).isEqualTo(SessionState.CLOSED);
      kit.await().until(() -> t.contains("CONNECTED->CLOSED"));
      assertThat(t.seen()).containsExactly("CONNECTED->CLOSED");
    }

    @Test
    @DisplayName("deletes its ephemeral nodes and releases its locks, as seen by another client")
    @Verifies({"SESSION-2", "LEASE-5"})
    void cleansUp() {
      Holder h = holder();
      h.a().close();
      assertThat(h.b().state().exists(h.node())).isEmpty();
      kit.await().until(() -> !h.leaseEvents().seen().isEmpty());
      assertThat(h.leaseEvents().seen()).isIn(java.util.List.of("HELD->RELEASED"), java.util.List.of("HELD->LOST"));
      assertThat(h.b().locks().query(kit.lock("l"))).isEmpty();
      assertThat(h.lease().state()).isIn(LeaseState.RELEASED, LeaseState.LOST);
      assertThat(h.b().locks().tryAcquire(kit.lock("l"))).isPresent();
    }

    @Test
    @DisplayName("is idempotent, and afterwards every call fails with ClientClosedException")
    @Verifies({"SESSION-6", "SESSION-4"})
    void closedCannotAct() {
      CoordinationClient c = kit.open();
      String existing = kit.path("n");
      c.state().create(existing, new byte[0], CreateMode.PERSISTENT);
      c.close();
      c.close();
      assertDead(c, existing, ClientClosedException.class);
    }
  }

  @Nested
  @DisplayName("a session listener")
  class Listeners {
    @Test
    @DisplayName("added twice is told each transition once; removed, it is told nothing; removing an unknown one does nothing")
    @Verifies({"SESSION-14", "SESSION-15", "SESSION-16"})
    void addTwiceAndRemove() {
      CoordinationClient c = kit.open();
      Transitions twice = new Transitions();
      Transitions removed = new Transitions();
      Transitions witness = new Transitions();
      c.session().addListener(twice);
      c.session().addListener(twice);
      c.session().addListener(removed);
      c.session().removeListener(removed);
      c.session().removeListener(new Transitions());
      c.session().addListener(witness);
      c.close();
      // Delivered in order on one thread: once the last-added listener was told, the others were too.
      kit.await().until(() -> witness.contains("CONNECTED->CLOSED"));
      assertThat(twice.seen()).containsExactly("CONNECTED->CLOSED");
      assertThat(removed.seen()).isEmpty();
    }
  }

  @Nested
  @DisplayName("when the backend expires a session")
  @Requires(Capability.EXPIRE_SESSION)
  class Expiry {
    @Test
    @DisplayName("the listener is told CONNECTED->EXPIRED, or CONNECTED->SUSPENDED->EXPIRED, in order")
    @Verifies({"SESSION-13", "SESSION-18"})
    void told() {
      CoordinationClient c = kit.open();
      Transitions t = new Transitions();
      c.session().addListener(t);
      kit.expire(c);
      kit.await().until(() -> t.seen().stream().anyMatch(s -> s.endsWith("->EXPIRED")));
      assertThat(t.problems()).isEmpty();
      assertThat(t.seen()).isIn(java.util.List.of("CONNECTED->EXPIRED"),
          java.util.List.of("CONNECTED->SUSPENDED", "SUSPENDED->EXPIRED"));
    }

    @Test
    @DisplayName("its ephemeral nodes are deleted and its locks released; its lease goes LOST and its listener is told")
    @Verifies("SESSION-20")
    void cleansUp() {
      Holder h = holder();
      kit.expire(h.a());
      awaitLost(h);
      assertThat(h.b().locks().tryAcquire(kit.lock("l"))).isPresent();
    }

    @Test
    @DisplayName("the client cannot act any more: every call fails with SessionExpiredException")
    @Verifies("SESSION-8")
    void expiredCannotAct() {
      CoordinationClient a = kit.open();
      String existing = kit.path("n");
      a.state().create(existing, new byte[0], CreateMode.PERSISTENT);
      kit.expire(a);
      assertDead(a, existing, SessionExpiredException.class);
      a.close();
    }
  }

  @Nested
  @DisplayName("when a client is cut off")
  @Requires(Capability.DISCONNECT_CLIENT)
  class CutOff {
    @Test
    @DisplayName("its session goes SUSPENDED, its lease UNCERTAIN, and both come back when it reconnects in time")
    @Verifies({"SESSION-19", "SESSION-18"})
    void suspendsAndResumes() {
      Holder h = holder();
      CoordinationClient a = h.a();
      LockLease lease = h.lease();
      Transitions sessionEvents = h.sessionEvents();
      Transitions leaseEvents = h.leaseEvents();
      kit.disconnect(a);
      kit.awaitState(a, SessionState.SUSPENDED, kit.timeout());
      kit.await().until(() -> lease.state() == LeaseState.UNCERTAIN);
      kit.reconnect(a);
      kit.awaitState(a, SessionState.CONNECTED, kit.timeout());
      kit.await().until(() -> lease.state() == LeaseState.HELD);
      kit.await().until(() -> sessionEvents.seen().size() >= 2 && leaseEvents.seen().size() >= 2);
      assertThat(sessionEvents.seen()).startsWith("CONNECTED->SUSPENDED", "SUSPENDED->CONNECTED");
      assertThat(leaseEvents.seen()).startsWith("HELD->UNCERTAIN", "UNCERTAIN->HELD");
      assertThat(sessionEvents.problems()).isEmpty();
      assertThat(h.b().state().exists(h.node()))
          .hasValueSatisfying(s -> assertThat(s.ephemeralOwner()).isEqualTo(a.session().id()));
      assertThat(h.b().locks().query(kit.lock("l")))
          .hasValueSatisfying(i -> assertThat(i.token()).isEqualTo(lease.token()));
    }

    @Test
    @DisplayName("past its TTL it goes SUSPENDED then EXPIRED, its lease LOST, its nodes and locks gone")
    @Verifies({"SESSION-7", "SESSION-20", "SESSION-18"})
    void expiresAfterTtl() {
      Holder h = holder();
      kit.disconnect(h.a());
      kit.awaitState(h.a(), SessionState.EXPIRED, kit.expiryTimeout(h.a()));
      awaitLost(h);
      kit.await().until(() -> h.sessionEvents().seen().contains("SUSPENDED->EXPIRED"));
      assertThat(h.sessionEvents().seen()).containsExactly("CONNECTED->SUSPENDED", "SUSPENDED->EXPIRED");
      kit.reconnect(h.a());
      assertThat(h.a().session().state()).isEqualTo(SessionState.EXPIRED);
    }

    @Test
    @DisplayName("its session stays SUSPENDED, not EXPIRED, for most of its TTL")
    void notExpiredEarly() {
      CoordinationClient a = kit.open();
      Map<SessionState, Long> toldAt = new ConcurrentHashMap<>(); // both ends timed as told, so no poll lag counts
      a.session().addListener((s, from, to) -> toldAt.putIfAbsent(to, System.nanoTime()));
      kit.disconnect(a);
      kit.await(kit.expiryTimeout(a)).until(() -> toldAt.containsKey(SessionState.EXPIRED));
      assertThat(Duration.ofNanos(toldAt.get(SessionState.EXPIRED) - toldAt.get(SessionState.SUSPENDED)))
          .isGreaterThanOrEqualTo(a.session().ttl().dividedBy(2));
    }
  }

  @Nested
  @DisplayName("when the backend is paused")
  @Requires(Capability.PAUSE_BACKEND)
  class Paused {
    @Test
    @DisplayName("the session goes SUSPENDED; after the backend resumes it is CONNECTED with its nodes, or EXPIRED without them")
    @Verifies({"SESSION-18", "SESSION-19"})
    void pausedBackend() {
      CoordinationClient a = kit.open();
      String node = a.state().create(kit.path("eph"), new byte[0], CreateMode.EPHEMERAL);
      Transitions t = new Transitions();
      a.session().addListener(t);
      kit.pauseBackend();
      kit.await(kit.expiryTimeout(a)).until(() -> a.session().state() != SessionState.CONNECTED);
      kit.resumeBackend();
      kit.await(kit.expiryTimeout(a)).until(() -> a.session().state() == SessionState.CONNECTED
          || a.session().state() == SessionState.EXPIRED);
      assertThat(t.problems()).isEmpty();
      CoordinationClient b = kit.open();
      if (a.session().state() == SessionState.CONNECTED) {
        assertThat(t.seen()).startsWith("CONNECTED->SUSPENDED", "SUSPENDED->CONNECTED");
        assertThat(b.state().exists(node)).isPresent();
      } else {
        kit.await().until(() -> b.state().exists(node).isEmpty());
      }
    }
  }

  /**
   * Client {@code a} holds an ephemeral node and a lock, with listeners on its session and lease; client {@code b}
   * looks at them from outside.
   */
  private record Holder(CoordinationClient a, CoordinationClient b, String node, LockLease lease,
      Transitions sessionEvents, Transitions leaseEvents) {}

  private Holder holder() {
    CoordinationClient a = kit.open();
    CoordinationClient b = kit.open();
    String node = a.state().create(kit.path("eph"), new byte[] {1}, CreateMode.EPHEMERAL);
    LockLease lease = a.locks().tryAcquire(kit.lock("l")).orElseThrow();
    Transitions sessionEvents = new Transitions();
    Transitions leaseEvents = new Transitions();
    a.session().addListener(sessionEvents);
    lease.addListener(leaseEvents);
    return new Holder(a, b, node, lease, sessionEvents, leaseEvents);
  }

  /** The holder's session ended without it: node and lock gone for {@code b}, the lease LOST and its listener told. */
  private void awaitLost(Holder h) {
    kit.await().until(() -> h.b().state().exists(h.node()).isEmpty());
    kit.await().until(() -> h.b().locks().query(kit.lock("l")).isEmpty());
    kit.await().until(() -> h.lease().state() == LeaseState.LOST);
    kit.await().until(() -> h.leaseEvents().seen().stream().anyMatch(s -> s.endsWith("->LOST")));
    assertThat(h.leaseEvents().problems()).isEmpty();
  }

  private static void assertDead(CoordinationClient c, String existing, Class<? extends RuntimeException> type) {
    MetaStateService s = c.state();
    ThrowingCallable[] calls = {
        () -> s.get(existing),
        () -> s.exists(existing),
        () -> s.children(existing),
        () -> s.set(existing, new byte[] {1}, MetaStateService.ANY_VERSION),
        () -> s.create(existing + "/child", new byte[0], CreateMode.PERSISTENT),
        () -> s.delete(existing, MetaStateService.ANY_VERSION),
        () -> c.locks().tryAcquire("tck-dead-client-lock"),
        () -> c.locks().acquire("tck-dead-client-lock", Duration.ofMillis(10)),
        () -> c.locks().query("tck-dead-client-lock"),
    };
    for (ThrowingCallable call : calls) {
      assertThatThrownBy(call).isInstanceOf(type);
    }
    assertThatThrownBy(() -> s.async().get(existing).toCompletableFuture().join()).hasCauseInstanceOf(type);
  }
}
