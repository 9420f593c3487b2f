package io.metastate.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.error.LeaseLostException;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import io.metastate.testing.TestTiming;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A waiter whose claim row an operator deleted fails that acquire with {@link LeaseLostException} (the driver spec,
 * {@code LockDriver.checkHead}, as on every provider), is never granted, and its session goes on.
 */
@DisplayName("PostgreSQL: a waiter whose claim row is deleted")
class VanishedClaimTest {
  @Test
  @DisplayName("fails its acquire with LeaseLostException when it wakes; nobody is granted; the session acquires again")
  void failsWithLeaseLost() throws Exception {
    try (PostgresFixture f = new PostgresFixture()) {
      CoordinationClient a = f.open("a");
      CoordinationClient x = f.open("x");
      LockLease holder = x.locks().tryAcquire("contended").orElseThrow();
      CompletableFuture<LockLease> waiting = a.locks().acquireAsync("contended"); // queued when this returns

      f.admin().execute("DELETE FROM ${schema}.lock_claims WHERE session_id = " + a.session().id()); // an operator
      holder.release(); // wakes the waiter, which finds its claim gone

      assertThat(waiting).failsWithin(TestTiming.seconds(10)).withThrowableOfType(ExecutionException.class)
          .havingCause().isInstanceOfSatisfying(LeaseLostException.class,
              e -> assertThat(e.lockName()).isEqualTo("contended"));
      assertThat(x.locks().query("contended")).as("nobody was granted the lock").isEmpty();
      assertThat(a.session().state()).isEqualTo(SessionState.CONNECTED);
      a.locks().tryAcquire("contended").orElseThrow().release();
    }
  }
}
