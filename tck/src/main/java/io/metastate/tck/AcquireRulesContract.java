package io.metastate.tck;

import io.metastate.error.OperationInterruptedException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rule of {@link io.metastate.lock.DistributedLockService#acquire}: a timeout of zero or less is exactly one try,
 * and an interrupted acquire withdraws its waiter, keeps the interrupt flag set and throws
 * {@link OperationInterruptedException}, on every provider.
 */
public abstract class AcquireRulesContract extends Contract {

  @Nested
  @DisplayName("a timeout of zero or less")
  class NoWait {
    @Test
    @DisplayName("grants a free lock at once, as tryAcquire does")
    @Verifies("FAULT-10")
    void free() {
      AcquireRuleChecks.locks(kit, kit.open(3)).notPositiveGrantsFree();
    }

    @Test
    @DisplayName("returns empty at once for a held lock and leaves no waiter: the session may ask again, and the lock goes to the next session once released")
    @Verifies("FAULT-11")
    void held() {
      AcquireRuleChecks.locks(kit, kit.open(3)).notPositiveOnHeldLeavesNothing("l");
    }
  }

  @Nested
  @DisplayName("an interrupted acquire")
  class Interrupted {
    @Test
    @DisplayName("with the flag set on entry throws OperationInterruptedException, keeps the flag, and takes no lock, free or held")
    @Verifies({"FAULT-12", "LOCK-9"})
    void onEntry() {
      AcquireRuleChecks.locks(kit, kit.open(3)).interruptedOnEntry();
    }

    @Test
    @DisplayName("while it waits throws OperationInterruptedException, keeps the flag, and withdraws its waiter")
    @Verifies({"FAULT-13", "LOCK-9"})
    void whileWaiting() {
      AcquireRuleChecks.locks(kit, kit.open(3)).interruptedWhileWaiting("l", () -> true);
    }
  }
}
