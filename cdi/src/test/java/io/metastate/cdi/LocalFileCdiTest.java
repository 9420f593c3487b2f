package io.metastate.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.ConfigKeys;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.ClientClosedException;
import io.metastate.lock.DistributedLockService;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.session.Session;
import io.metastate.session.SessionState;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.testing.TestTiming;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("CDI on the local-file provider")
class LocalFileCdiTest {
  private static final Duration WAIT = TestTiming.waitLimit();

  @TempDir
  Path dir;

  private MetaStateConfig config() {
    return MetaStateConfig.builder()
        .set(ConfigKeys.PROVIDER, "localfile")
        .set("metastate.localfile.dir", dir.toString())
        .build();
  }

  @Test
  @DisplayName("injects the lock and meta-state services of one client on the configured provider")
  void injectsBothServices() {
    try (WeldContainer container = Containers.boot("localfile-inject", config())) {
      CoordinationClient client = container.select(CoordinationClient.class).get();
      DistributedLockService locks = container.select(DistributedLockService.class).get();
      MetaStateService state = container.select(MetaStateService.class).get();

      assertThat(client.providerName()).isEqualTo("localfile");
      assertThat(locks.session().id()).isEqualTo(client.session().id());
      assertThat(state.session().id()).isEqualTo(client.session().id());
      assertThat(container.select(Session.class).get().id()).isEqualTo(client.session().id());

      state.create("/greeting", "hello".getBytes(StandardCharsets.UTF_8), CreateMode.PERSISTENT);
      assertThat(client.state().get("/greeting").orElseThrow().dataAsString()).isEqualTo("hello");
      try (LockLease lease = locks.acquire("cdi-test/plain", Duration.ofSeconds(5)).orElseThrow()) {
        assertThat(client.locks().query("cdi-test/plain").orElseThrow().token()).isEqualTo(lease.token());
      }
    }
  }

  @Test
  @DisplayName("@Locked serialises concurrent read-modify-writes exactly, with increasing fencing tokens")
  void lockedUnderContention() throws Exception {
    int threads = 8;
    int perThread = 20;
    try (WeldContainer container = Containers.boot("localfile-contention", config(), CounterJob.class)) {
      CounterJob job = container.select(CounterJob.class).get();
      Concurrently.run(perThread, Collections.<Runnable>nCopies(threads, job::increment));

      assertThat(job.violations()).isEmpty();
      assertThat(job.storedCount()).isEqualTo(threads * perThread);
      assertThat(job.plainCount()).isEqualTo(threads * perThread);
      assertThat(job.tokens()).hasSize(threads * perThread).isSorted().doesNotHaveDuplicates();
      assertThat(job.holder()).as("released after the last call").isEmpty();
      assertThat(CurrentLease.get()).as("nothing left bound to the caller's thread").isEmpty();
    }
  }

  @Test
  @DisplayName("a @Locked method that cannot get the lock in time fails, or is skipped, without running")
  void timeoutFailsOrSkips() throws Exception {
    try (WeldContainer container = Containers.boot("localfile-timeout", config(), GatedJob.class)) {
      GatedJob job = container.select(GatedJob.class).get();
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch letGo = new CountDownLatch(1);
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<Long> holder = pool.submit(() -> job.holdUntil(entered, letGo));
        assertThat(entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        assertThatThrownBy(job::impatient)
            .isInstanceOfSatisfying(LockNotAcquiredException.class, e -> {
              assertThat(e.lockName()).isEqualTo(GatedJob.LOCK);
              assertThat(e.timeout()).isEqualTo(Duration.ofMillis(200));
              assertThat(e.isRetrySafe()).isTrue();
            })
            .hasMessageContaining("'" + GatedJob.LOCK + "' not acquired within PT0.2S");
        assertThat(job.skipping()).isEmpty();
        job.skippingVoid();
        assertThat(job.impatientRuns()).isEqualTo(0);

        letGo.countDown();
        long heldToken = holder.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(job.skipping()).contains("ran");
        assertThat(job.impatientRuns()).isEqualTo(1);
        assertThat(heldToken).isPositive();
      } finally {
        letGo.countDown();
        pool.shutdownNow();
      }
    }
  }

  @Test
  @DisplayName("a @Locked call inside a call holding the same name re-enters; another name nests")
  void reentryAndNesting() {
    try (WeldContainer container = Containers.boot("localfile-nesting", config(),
        NestedJobs.Outer.class, NestedJobs.Inner.class)) {
      List<LockLease> seen = container.select(NestedJobs.Outer.class).get().run();

      assertThat(seen.get(1)).as("same name: the outer lease").isSameAs(seen.get(0));
      assertThat(seen.get(2).name()).isEqualTo("cdi-test/inner");
      assertThat(seen.get(3)).as("the outer lease again after the inner call").isSameAs(seen.get(0));
      assertThat(seen.get(0).state()).as("released once, by the outermost call").isEqualTo(LeaseState.RELEASED);
      assertThat(seen.get(2).state()).isEqualTo(LeaseState.RELEASED);
      assertThatThrownBy(CurrentLease::require).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no @Locked method is running");
    }
  }

  @Test
  @DisplayName("container shutdown closes the session, releasing its locks and deleting its ephemeral nodes")
  void shutdownClosesEverything() {
    Session session;
    MetaStateService rawState;
    LockLease lease;
    try (WeldContainer container = Containers.boot("localfile-shutdown", config())) {
      CoordinationClient client = container.select(CoordinationClient.class).get();
      session = client.session();
      rawState = client.state();
      container.select(MetaStateService.class).get().create("/alive", new byte[0], CreateMode.EPHEMERAL);
      lease = container.select(DistributedLockService.class).get()
          .acquire("cdi-test/held", Duration.ofSeconds(5)).orElseThrow();
      assertThat(session.state()).isEqualTo(SessionState.CONNECTED);
    }

    assertThat(session.state()).isEqualTo(SessionState.CLOSED);
    assertThat(lease.state().isTerminal()).as("lease state %s", lease.state()).isTrue();
    assertThatThrownBy(() -> rawState.get("/alive")).isInstanceOf(ClientClosedException.class);
    try (CoordinationClient second = MetaState.open(config())) {
      assertThat(second.state().exists("/alive")).isEmpty();
      assertThat(second.locks().query("cdi-test/held")).isEmpty();
      assertThat(second.locks().acquire("cdi-test/held", Duration.ZERO)).isPresent();
    }
  }

  @Test
  @DisplayName("a missing provider key fails start-up with the plain API's message")
  void missingProviderFailsStartup() {
    MetaStateConfig missing = MetaStateConfig.of(Map.of());
    String expected = StartupFailures.assertFailsAsPlainApi("missing-provider", missing);

    assertThat(expected).contains("no provider configured: set metastate.provider");
    assertThat(WeldContainer.getRunningContainerIds()).doesNotContain("missing-provider");
  }

  @Test
  @DisplayName("an unknown provider name fails start-up with the plain API's message, listing the providers")
  void unknownProviderFailsStartup() {
    MetaStateConfig unknown = MetaStateConfig.of(Map.of(ConfigKeys.PROVIDER, "zookeepr"));
    String expected = StartupFailures.assertFailsAsPlainApi("unknown-provider", unknown);

    assertThat(MetaState.availableProviders()).contains("localfile");
    assertThat(expected).contains("'zookeepr'").contains("providers on the classpath: " + MetaState.availableProviders());
  }

  @Test
  @DisplayName("without an override, the configuration comes from system properties, as MetaState.open() reads it")
  void defaultConfigReadsSystemProperties() {
    String previous = System.setProperty(ConfigKeys.PROVIDER, "no-such-provider");
    try {
      String expected = catchThrowable(MetaState::open).getMessage();
      Throwable startup = catchThrowable(() -> Containers.weld("default-config").initialize());
      assertThat(expected).contains("'no-such-provider'");
      assertThat(StartupFailures.configurationError(startup)).hasMessage(expected);
    } finally {
      if (previous == null) {
        System.clearProperty(ConfigKeys.PROVIDER);
      } else {
        System.setProperty(ConfigKeys.PROVIDER, previous);
      }
    }
  }

  @Test
  @DisplayName("a malformed @Locked name, timeout or SKIP use fails start-up, naming the method")
  void badLockedUseFailsStartup() {
    assertThat(catchThrowable(() -> Containers.boot("bad-name", config(), BadBeans.BadName.class)))
        .hasStackTraceContaining("@Locked(\"reports/nightly run\") on " + BadBeans.BadName.class.getName() + ".run()")
        .hasStackTraceContaining("character ' '");
    assertThat(catchThrowable(() -> Containers.boot("bad-timeout", config(), BadBeans.BadTimeout.class)))
        .hasStackTraceContaining("must be a duration such as 10s")
        .hasStackTraceContaining("was 'soon'");
    assertThat(catchThrowable(() -> Containers.boot("bad-skip", config(), BadBeans.SkipReturningInt.class)))
        .hasStackTraceContaining("onTimeout = SKIP needs a method returning void or Optional")
        .hasStackTraceContaining("returns int");
  }

  @Test
  @DisplayName("works with discovery disabled when the application adds the io.metastate.cdi package")
  void withoutDiscovery() {
    try (WeldContainer container = new Weld("localfile-synthetic").skipShutdownHook().disableDiscovery()
        .addPackage(false, MetaStateProducers.class)
        .addBeanClasses(NestedJobs.Outer.class, NestedJobs.Inner.class)
        .addExtension(new FixedConfig(config()))
        .initialize()) {
      List<LockLease> seen = container.select(NestedJobs.Outer.class).get().run();
      assertThat(seen.get(0).name()).isEqualTo("cdi-test/outer");
      assertThat(seen.get(0).state()).isEqualTo(LeaseState.RELEASED);
    }
  }

  @Test
  @DisplayName("CurrentLease outside a @Locked call is empty and require() says why")
  void currentLeaseOutsideACall() {
    assertThat(CurrentLease.get()).isEmpty();
    assertThat(CurrentLease.of("anything")).isEqualTo(Optional.empty());
    assertThatThrownBy(CurrentLease::token).isInstanceOf(IllegalStateException.class);
  }
}
