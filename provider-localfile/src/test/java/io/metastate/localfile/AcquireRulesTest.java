package io.metastate.localfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.OperationInterruptedException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A zero timeout with the interrupt flag set is exactly tryAcquire, which throws with the flag set on every provider
 * now that the support layer's lock service owns the rule (before it, local-file ignored the flag).
 */
@DisplayName("local-file acquire: timeouts and interrupts")
class AcquireRulesTest {
  @RegisterExtension final Clients clients = new Clients();
  final CoordinationClient holder = clients.open();
  final CoordinationClient waiter = clients.open();

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
