package io.metastate.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.OperationInterruptedException;
import io.metastate.lock.LockLease;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The one acquire rule case the kit's AcquireRulesContract leaves open: a zero timeout with the interrupt flag set.
 * On etcd the interrupt wins and no claim is written (local-file's AcquireRulesTest expects the opposite: the
 * providers disagree, and DistributedLockService's Javadoc does not settle which rule wins).
 */
@DisplayName("acquire on etcd")
class InterruptedAcquireTest {
  @RegisterExtension final EtcdFixture f = new EtcdFixture();

  @Test
  @DisplayName("with a zero timeout and the interrupt flag set throws OperationInterruptedException, flag kept, no claim")
  void zeroTimeoutInterrupted() {
    CoordinationClient a = f.open("a");
    CoordinationClient x = f.open("x");
    LockLease held = x.locks().tryAcquire("busy").orElseThrow();
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> a.locks().acquire("busy", Duration.ZERO))
          .isInstanceOf(OperationInterruptedException.class);
    } finally {
      assertThat(Thread.interrupted()).as("interrupt flag kept (and cleared here)").isTrue();
    }
    assertThat(f.exists(f.claimKey("busy", a))).isFalse();
    held.release();
  }
}
