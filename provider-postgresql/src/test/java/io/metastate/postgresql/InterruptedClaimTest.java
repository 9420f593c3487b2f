package io.metastate.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.OperationInterruptedException;
import io.metastate.lock.LockLease;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.testing.TestTiming;
import io.metastate.testing.postgresql.LocalPostgres;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The acquire rule on the one path the kit reaches only by chance (LockRulesContract's interrupt race, round 3 of a
 * CI run): the interrupt lands while the acquiring thread waits in the connection pool. HikariCP then throws an
 * SQLException with the interrupt as its cause, and that must surface as OperationInterruptedException with the flag
 * still set, as on every provider, not as a backend failure that tells the caller to retry.
 */
@DisplayName("PostgreSQL: an acquire interrupted while it waits for a pooled connection")
class InterruptedClaimTest {
  @Test
  @DisplayName("throws OperationInterruptedException, keeps the interrupt flag, and holds nothing")
  void interruptedInThePool() throws Exception {
    try (LocalPostgres pg = LocalPostgres.start(); CoordinationClient client = MetaState.open(config(pg))) {
      client.state().create("/busy", new byte[0], CreateMode.PERSISTENT);
      pg.pause();
      try {
        // The pool's one connection: taken by a write that now waits for the paused server.
        CompletableFuture.runAsync(() -> client.state().set("/busy", new byte[] {1}, MetaStateService.ANY_VERSION));
        CompletableFuture<Boolean> flagAfter = new CompletableFuture<>();
        Thread acquirer = new Thread(() -> {
          try {
            client.locks().acquire("pooled", Duration.ofSeconds(60));
            flagAfter.completeExceptionally(new AssertionError("the interrupted acquire returned"));
          } catch (RuntimeException e) {
            boolean flag = Thread.currentThread().isInterrupted();
            if (e instanceof OperationInterruptedException) {
              flagAfter.complete(flag);
            } else {
              flagAfter.completeExceptionally(e);
            }
          }
        }, "acquirer");
        acquirer.start();
        await().atMost(TestTiming.waitLimit()).alias("the acquirer waits in the pool for the busy connection")
            .until(() -> Arrays.stream(acquirer.getStackTrace()).anyMatch(f -> f.getClassName().contains("HikariPool")
                && f.getMethodName().equals("getConnection")) && acquirer.getState() == Thread.State.TIMED_WAITING);
        acquirer.interrupt();
        assertThat(flagAfter.get(TestTiming.waitLimit().toMillis(), TimeUnit.MILLISECONDS))
            .as("the interrupt flag after OperationInterruptedException").isTrue();
      } finally {
        pg.resume();
      }
      LockLease free = client.locks().acquire("pooled", TestTiming.seconds(30)).orElseThrow();
      free.release();
    }
  }

  private static MetaStateConfig config(LocalPostgres pg) {
    return MetaStateConfig.of(Map.of("metastate.provider", PostgresProvider.NAME, PostgresKeys.URL, pg.jdbcUrl(),
        PostgresKeys.USER, LocalPostgres.USER, PostgresKeys.SCHEMA, "interrupt_test", PostgresKeys.POOL_SIZE, "1",
        PostgresKeys.CONNECT_TIMEOUT, "60s", PostgresKeys.REQUEST_TIMEOUT, "60s", "metastate.session.ttl", "60s"));
  }
}
