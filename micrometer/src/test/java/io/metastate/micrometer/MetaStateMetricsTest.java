package io.metastate.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.NoNodeException;
import io.metastate.error.CoordinationException;
import io.metastate.error.TransactionFailedException;
import io.metastate.localfile.LocalFileTesting;
import io.metastate.lock.LockLease;
import io.metastate.state.CreateMode;
import io.metastate.state.Op;
import io.metastate.state.WatchScope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Each meter of an instrumented local-file client moves as the operation it measures happens")
class MetaStateMetricsTest {
  @TempDir Path dir;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final List<CoordinationClient> opened = new ArrayList<>();
  CoordinationClient client;
  CoordinationClient other;

  @BeforeEach
  void open() {
    client = MetaStateMetrics.of(registry).instrument(raw());
    other = raw();
    opened.add(client);
  }

  @AfterEach
  void close() {
    opened.forEach(CoordinationClient::close);
  }

  private CoordinationClient raw() {
    return raw("5s");
  }

  private CoordinationClient raw(String ttl) {
    CoordinationClient c = MetaState.open(MetaStateConfig.of(Map.of("metastate.provider", "localfile",
        "metastate.localfile.dir", dir.toString(), "metastate.session.ttl", ttl)));
    opened.add(c);
    return c;
  }

  private long acquires(String mode, String outcome) {
    Timer t = registry.find("metastate.lock.acquire").tags("provider", "localfile", "mode", mode, "outcome", outcome)
        .timer();
    return t == null ? 0 : t.count();
  }

  private double counter(String name, String... tags) {
    Counter c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  private double gauge(String name, String... tags) {
    return registry.get(name).tags(tags).gauge().value();
  }

  @Test
  @DisplayName("acquired, timeout, cancelled (interrupt and async cancel) and held leases")
  void acquireOutcomes() {
    LockLease lease = client.locks().acquire("a", Duration.ofSeconds(1)).orElseThrow();
    assertThat(acquires("wait", "acquired")).isEqualTo(1);
    assertThat(gauge("metastate.lock.leases.held", "provider", "localfile")).isEqualTo(1);

    LockLease blocker = other.locks().tryAcquire("b").orElseThrow();
    assertThat(client.locks().acquire("b", Duration.ofMillis(50))).isEmpty();
    assertThat(acquires("wait", "timeout")).isEqualTo(1);
    assertThat(client.locks().tryAcquire("b")).isEmpty();
    assertThat(acquires("try", "timeout")).isEqualTo(1);

    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> client.locks().acquire("b", Duration.ofSeconds(5)))
          .isInstanceOf(CoordinationException.class);
    } finally {
      Thread.interrupted();
    }
    assertThat(acquires("wait", "cancelled")).as(registry.getMetersAsString()).isEqualTo(1);

    CompletableFuture<LockLease> pending = client.locks().acquireAsync("b");
    assertThat(acquires("async", "cancelled")).isZero();
    pending.cancel(true);
    await().until(() -> acquires("async", "cancelled") == 1);

    CompletableFuture<LockLease> granted = client.locks().acquireAsync("b");
    blocker.release();
    LockLease b = granted.join();
    await().until(() -> acquires("async", "acquired") == 1);
    assertThat(gauge("metastate.lock.leases.held", "provider", "localfile")).isEqualTo(2);

    lease.release();
    b.release();
    // Lease events are delivered on the session's event thread.
    await().until(() -> gauge("metastate.lock.leases.held", "provider", "localfile") == 0);
    assertThat(counter("metastate.lock.leases.lost", "reason", "revoked")).isZero();
    assertThat(acquires("wait", "failed")).isZero();
  }

  @Test
  @DisplayName("a force-release counts a lost lease (revoked); a session expiry counts one per lease (session_expired)")
  void leasesLost() {
    LockLease lease = client.locks().tryAcquire("x").orElseThrow();
    assertThat(other.locks().forceRelease("x")).isTrue();
    await().until(() -> counter("metastate.lock.leases.lost", "provider", "localfile", "reason", "revoked") == 1);
    assertThat(lease.state().isTerminal()).isTrue();
    assertThat(gauge("metastate.lock.leases.held", "provider", "localfile")).isZero();

    // A session that loses contact: its leases turn UNCERTAIN, then LOST when it expires after its TTL.
    CoordinationClient shortLived = MetaStateMetrics.of(registry).instrument(raw("1s"));
    shortLived.locks().tryAcquire("y").orElseThrow();
    shortLived.locks().tryAcquire("z").orElseThrow();
    assertThat(gauge("metastate.lock.leases.held", "provider", "localfile")).isEqualTo(2);
    LocalFileTesting.suspend(rawOf(shortLived));
    await().until(() -> counter("metastate.lock.leases.lost", "reason", "session_expired") == 2);
    assertThat(counter("metastate.lock.leases.lost", "reason", "revoked")).isEqualTo(1);
    await().until(() -> gauge("metastate.session.state", "state", "expired") == 1);
    // The first instrumented client is still connected: the gauges count sessions per state.
    assertThat(gauge("metastate.session.state", "state", "connected")).isEqualTo(1);
  }

  @Test
  @DisplayName("time SUSPENDED is recorded when the session comes back; transitions are counted")
  void suspended() {
    CoordinationClient raw = rawOf(client);
    LocalFileTesting.suspend(raw);
    await().until(() -> gauge("metastate.session.state", "state", "suspended") == 1);
    assertThat(registry.get("metastate.session.suspended").timer().count()).isZero();
    LocalFileTesting.resume(raw);
    await().until(() -> registry.get("metastate.session.suspended").timer().count() == 1);
    assertThat(gauge("metastate.session.state", "state", "connected")).isEqualTo(1);
    assertThat(counter("metastate.session.transitions", "state", "suspended")).isEqualTo(1);
    assertThat(counter("metastate.session.transitions", "state", "connected")).isEqualTo(1);
  }

  @Test
  @DisplayName("meta-state operations are timed by op and outcome, sync and async")
  void stateOps() {
    client.state().create("/n", new byte[0], CreateMode.PERSISTENT);
    client.state().get("/n");
    assertThatThrownBy(() -> client.state().set("/missing", new byte[0], -1)).isInstanceOf(NoNodeException.class);
    client.state().async().get("/n").toCompletableFuture().join();
    assertThat(registry.get(MeteredState.NAME).tags("op", "create", "outcome", "ok").timer().count()).isEqualTo(1);
    await().until(() -> registry.get(MeteredState.NAME).tags("op", "get", "outcome", "ok").timer().count() == 2);
    assertThat(registry.get(MeteredState.NAME).tags("op", "set", "outcome", "no_node").timer().count()).isEqualTo(1);
  }

  @Test
  @DisplayName("watch events are counted by type; a write fenced by a lost lease counts as rejected")
  void watchesAndFencing() {
    client.state().watch("/w", WatchScope.NODE, e -> { });
    other.state().create("/w", new byte[0], CreateMode.PERSISTENT);
    other.state().set("/w", new byte[1], -1);
    await().until(() -> counter("metastate.watch.events", "type", "created") == 1
        && counter("metastate.watch.events", "type", "updated") == 1);

    LockLease lease = client.locks().tryAcquire("fence").orElseThrow();
    client.state().multi(List.of(Op.lockHeld(lease), Op.set("/w", new byte[2], -1)));
    assertThat(counter("metastate.state.fenced.rejected")).isZero();
    other.locks().forceRelease("fence");
    await().until(() -> lease.state().isTerminal());
    assertThatThrownBy(() -> client.state().multi(List.of(Op.lockHeld(lease), Op.set("/w", new byte[3], -1))))
        .isInstanceOf(TransactionFailedException.class);
    assertThat(counter("metastate.state.fenced.rejected", "provider", "localfile")).isEqualTo(1);
    // A transaction failing on a version check is not a fenced write.
    assertThatThrownBy(() -> client.state().multi(List.of(Op.check("/w", 99))))
        .isInstanceOf(TransactionFailedException.class);
    assertThat(counter("metastate.state.fenced.rejected")).isEqualTo(1);
  }

  @Test
  @DisplayName("timed calls are Observations: a tracing handler sees each one, with the lock name and path on spans")
  void observations() {
    TestObservationRegistry observations = TestObservationRegistry.create();
    CoordinationClient traced = MetaStateMetrics.of(registry, observations).instrument(raw());
    traced.locks().tryAcquire("traced").orElseThrow().release();
    traced.state().exists("/traced");
    TestObservationRegistryAssert.assertThat(observations)
        .hasObservationWithNameEqualTo("metastate.lock.acquire").that().hasBeenStarted().hasBeenStopped()
        .hasLowCardinalityKeyValue("outcome", "acquired").hasLowCardinalityKeyValue("provider", "localfile")
        .hasHighCardinalityKeyValue("lock.name", "traced");
    TestObservationRegistryAssert.assertThat(observations)
        .hasObservationWithNameEqualTo("metastate.state.op").that().hasLowCardinalityKeyValue("op", "exists")
        .hasHighCardinalityKeyValue("path", "/traced");
  }

  private static CoordinationClient rawOf(CoordinationClient metered) {
    return ((MeteredClient) metered).delegate();
  }
}
