package io.metastate.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.ConfigKeys;
import io.metastate.config.MetaStateConfig;
import io.metastate.lock.DistributedLockService;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import io.metastate.session.Session;
import io.metastate.session.SessionState;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.testing.TestTiming;
import io.metastate.testing.zookeeper.ZooKeeperTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CDI on the ZooKeeper provider (in-process server on 127.0.0.1)")
class ZooKeeperCdiTest {
  @AutoClose private static final ZooKeeperTestServer server = ZooKeeperTestServer.start();

  private static MetaStateConfig config() {
    return MetaStateConfig.builder()
        .set(ConfigKeys.PROVIDER, "zookeeper")
        .set("metastate.zookeeper.connect", server.connectString())
        .build();
  }

  @Test
  @DisplayName("injects the lock and meta-state services of one ZooKeeper session")
  void injectsBothServices() {
    try (WeldContainer container = Containers.boot("zk-inject", config())) {
      CoordinationClient client = container.select(CoordinationClient.class).get();
      DistributedLockService locks = container.select(DistributedLockService.class).get();
      MetaStateService state = container.select(MetaStateService.class).get();

      assertThat(client.providerName()).isEqualTo("zookeeper");
      assertThat(locks.session().id()).isEqualTo(client.session().id());
      String path = state.create("/cdi-inject", new byte[] {42}, CreateMode.EPHEMERAL);
      assertThat(state.get(path).orElseThrow().stat().ephemeralOwner()).isEqualTo(client.session().id());
      try (LockLease lease = locks.acquire("cdi-test/zk-plain", TestTiming.seconds(5)).orElseThrow()) {
        assertThat(locks.query("cdi-test/zk-plain").map(LockInfo::token)).contains(lease.token());
      }
    }
  }

  @Test
  @DisplayName("@Locked excludes threads of two containers with separate sessions: exact count, newer tokens")
  void lockedAcrossTwoContainers() throws Exception {
    int threadsPerContainer = 4;
    int perThread = 12;
    try (WeldContainer a = Containers.boot("zk-counter-a", config(), CounterJob.class);
        WeldContainer b = Containers.boot("zk-counter-b", config(), CounterJob.class)) {
      CounterJob jobA = a.select(CounterJob.class).get();
      CounterJob jobB = b.select(CounterJob.class).get();
      assertThat(jobA.sessionId()).isNotEqualTo(jobB.sessionId());

      List<Runnable> callers = new ArrayList<>();
      for (int t = 0; t < threadsPerContainer; t++) {
        callers.add(jobA::increment);
        callers.add(jobB::increment);
      }
      Concurrently.run(perThread, callers);

      int total = 2 * threadsPerContainer * perThread;
      assertThat(jobA.violations()).isEmpty();
      assertThat(jobB.violations()).isEmpty();
      assertThat(jobA.storedCount()).isEqualTo(total);
      assertThat(jobA.plainCount() + jobB.plainCount()).isEqualTo(total);
      assertThat(jobA.plainCount()).isEqualTo(threadsPerContainer * perThread);
      assertThat(jobA.tokens()).isSorted();
      assertThat(jobB.tokens()).isSorted();
      List<Long> all = new ArrayList<>(jobA.tokens());
      all.addAll(jobB.tokens());
      assertThat(all).hasSize(total).doesNotHaveDuplicates();
    }
  }

  @Test
  @DisplayName("a lock held by another session makes a @Locked method fail or skip after its timeout")
  void heldElsewhereFailsOrSkips() {
    try (WeldContainer container = Containers.boot("zk-timeout", config(), GatedJob.class);
        CoordinationClient other = MetaState.open(config())) {
      GatedJob job = container.select(GatedJob.class).get();
      LockLease elsewhere = other.locks().acquire(GatedJob.LOCK, TestTiming.seconds(5)).orElseThrow();

      assertThatThrownBy(job::impatient).isInstanceOf(LockNotAcquiredException.class)
          .hasMessageContaining("another session holds it");
      assertThat(job.skipping()).isEmpty();
      assertThat(job.impatientRuns()).isEqualTo(0);

      elsewhere.release();
      assertThat(job.skipping()).contains("ran");
      assertThat(job.impatientRuns()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("container shutdown closes the session: locks released, ephemeral nodes gone, seen from another client")
  void shutdownClosesEverything() {
    try (CoordinationClient observer = MetaState.open(config())) {
      Session session;
      long sessionId;
      try (WeldContainer container = Containers.boot("zk-shutdown", config())) {
        session = container.select(CoordinationClient.class).get().session();
        sessionId = session.id();
        container.select(MetaStateService.class).get().create("/cdi-alive", new byte[0], CreateMode.EPHEMERAL);
        container.select(DistributedLockService.class).get()
            .acquire("cdi-test/zk-held", TestTiming.seconds(5)).orElseThrow();

        assertThat(observer.state().exists("/cdi-alive").orElseThrow().ephemeralOwner()).isEqualTo(sessionId);
        assertThat(observer.locks().query("cdi-test/zk-held").orElseThrow().sessionId()).isEqualTo(sessionId);
      }

      assertThat(session.state()).isEqualTo(SessionState.CLOSED);
      assertThat(observer.state().exists("/cdi-alive")).isEmpty();
      assertThat(observer.locks().query("cdi-test/zk-held")).isEmpty();
      assertThat(observer.locks().acquire("cdi-test/zk-held", Duration.ZERO)).isPresent();
    }
  }

  @Test
  @DisplayName("a ZooKeeper config without a connect string fails start-up with the plain API's message")
  void missingConnectStringFailsStartup() {
    MetaStateConfig bad = MetaStateConfig.of(Map.of(ConfigKeys.PROVIDER, "zookeeper"));
    String expected = StartupFailures.assertFailsAsPlainApi("zk-no-connect", bad);

    assertThat(expected).contains("metastate.zookeeper.connect");
  }
}
