package io.metastate.tck.selftest;

import io.metastate.tck.CoordinationCompatibilityKit;
import io.metastate.tck.ProviderFixture;

/**
 * The kit bound to each deliberately broken provider. Nested and without a "Test" suffix so that Surefire does not
 * run them on their own: {@link KitCanFailTest} runs them through the launcher and expects failures.
 */
final class BrokenKits {
  private BrokenKits() {}

  static final class RepeatingTokens extends CoordinationCompatibilityKit {
    @Override
    protected ProviderFixture fixture() {
      return new LocalFileFixture(Broken.REPEATING_TOKENS);
    }
  }

  static final class ImmortalEphemerals extends CoordinationCompatibilityKit {
    @Override
    protected ProviderFixture fixture() {
      return new LocalFileFixture(Broken.IMMORTAL_EPHEMERALS);
    }
  }

  static final class DroppedWatchEvent extends CoordinationCompatibilityKit {
    @Override
    protected ProviderFixture fixture() {
      return new LocalFileFixture(Broken.DROPPED_WATCH_EVENT);
    }
  }

  static final class HalfAppliedMulti extends CoordinationCompatibilityKit {
    @Override
    protected ProviderFixture fixture() {
      return new LocalFileFixture(Broken.HALF_APPLIED_MULTI);
    }
  }

  static final class LockGrantedTwice extends CoordinationCompatibilityKit {
    @Override
    protected ProviderFixture fixture() {
      return new LocalFileFixture(Broken.LOCK_GRANTED_TWICE);
    }
  }

  static final class StaleReads extends CoordinationCompatibilityKit {
    @Override
    protected ProviderFixture fixture() {
      return new LocalFileFixture(Broken.STALE_READS);
    }
  }

  static final class ZeroTimeoutLeavesWaiter extends CoordinationCompatibilityKit {
    @Override
    protected ProviderFixture fixture() {
      return new LocalFileFixture(Broken.ZERO_TIMEOUT_LEAVES_WAITER);
    }
  }

  static final class InterruptSwallowed extends CoordinationCompatibilityKit {
    @Override
    protected ProviderFixture fixture() {
      return new LocalFileFixture(Broken.INTERRUPT_SWALLOWED);
    }
  }

  static final class PollingWaiters extends CoordinationCompatibilityKit {
    @Override
    protected ProviderFixture fixture() {
      return new LocalFileFixture(Broken.POLLING_WAITERS);
    }
  }

  static final class AsyncMultiThrows extends CoordinationCompatibilityKit {
    @Override
    protected ProviderFixture fixture() {
      return new LocalFileFixture(Broken.ASYNC_MULTI_THROWS);
    }
  }

  static final class LeaseListenerNotRemoved extends CoordinationCompatibilityKit {
    @Override
    protected ProviderFixture fixture() {
      return new LocalFileFixture(Broken.LEASE_LISTENER_NOT_REMOVED);
    }
  }

  static final class BlindToClock extends CoordinationCompatibilityKit {
    @Override
    protected ProviderFixture fixture() {
      return new LocalFileFixture(Broken.BLIND_TO_CLOCK);
    }
  }
}
