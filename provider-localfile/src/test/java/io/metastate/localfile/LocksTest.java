package io.metastate.localfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metastate.CoordinationClient;
import io.metastate.lock.LockLease;
import io.metastate.testing.TestTiming;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the kit's lock contracts (run on this provider by {@code LocalFileCompatibilityTest}) do not reach: a cancel
 * racing the grant searched for 200 rounds (the kit tries 15), and tokens across the allocator's blocks.
 */
@DisplayName("local-file locks")
class LocksTest {
  @RegisterExtension final Clients clients = new Clients();
  final CoordinationClient a = clients.open();
  final CoordinationClient b = clients.open();

  @Test
  @DisplayName("a grant racing a cancellation is released: a cancelled waiter never ends up holding the lock")
  void cancelRace() throws Exception {
    for (int i = 0; i < 200; i++) {
      String name = "race" + i;
      LockLease held = a.locks().tryAcquire(name).orElseThrow();
      CompletableFuture<LockLease> waiting = b.locks().acquireAsync(name);
      CompletableFuture<Void> releaser = CompletableFuture.runAsync(held::release);
      boolean cancelled = waiting.cancel(false);
      releaser.get(TestTiming.waitLimit().toMillis(), TimeUnit.MILLISECONDS);
      if (cancelled) {
        // the racing grant, if any, is released asynchronously: poll tightly, 200 rounds add up
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(TestTiming.waitLimit())
            .until(() -> a.locks().query(name).isEmpty());
        assertThat(a.locks().tryAcquire(name)).as("round %d", i).isPresent();
      } else {
        LockLease granted = waiting.get(TestTiming.waitLimit().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(a.locks().query(name).orElseThrow().token()).isEqualTo(granted.token());
        granted.release();
      }
    }
  }

  @Test
  @DisplayName("tokens strictly increase across names and grants")
  void tokensIncrease() {
    long last = 0;
    for (int i = 0; i < 3000; i++) { // crosses two token blocks
      LockLease l = a.locks().tryAcquire("tok" + (i % 3)).orElseThrow();
      assertThat(l.token().value()).isGreaterThan(last);
      last = l.token().value();
      l.release();
    }
  }
}
