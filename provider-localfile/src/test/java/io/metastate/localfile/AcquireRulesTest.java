package io.metastate.localfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.lock.LockLease;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The one acquire rule case the kit's AcquireRulesContract leaves open: a zero timeout with the interrupt flag set.
 * Here it is exactly tryAcquire, which ignores the flag (etcd's InterruptedAcquireTest expects the opposite: the
 * providers disagree, and DistributedLockService's Javadoc does not settle which rule wins).
 */
@DisplayName("local-file acquire: timeouts and interrupts")
class AcquireRulesTest {
  @RegisterExtension final Clients clients = new Clients();
  CoordinationClient holder;

  @BeforeEach
  void open() {
    holder = clients.open();
  }

  @AfterEach
  void close() {
    Thread.interrupted();
  }

  @Test
  @DisplayName("a zero timeout with the interrupt flag set is exactly tryAcquire: it throws as on every provider, keeps the flag, takes nothing")
  void zeroTimeoutWithTheFlagThrowsLikeTryAcquire() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> holder.locks().acquire("flagged", Duration.ZERO))
          .isInstanceOf(OperationInterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThatThrownBy(() -> holder.locks().tryAcquire("flagged")).isInstanceOf(OperationInterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(waiter.locks().tryAcquire("flagged")).as("nothing held").isPresent();
  }
}
