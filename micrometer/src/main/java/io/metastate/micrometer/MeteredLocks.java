package io.metastate.micrometer;

import io.metastate.lock.DistributedLockService;
import io.metastate.lock.LockLease;
import io.metastate.provider.support.ForwardingLockService;
import io.micrometer.observation.Observation;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Times every acquisition ({@code metastate.lock.acquire}, by mode and outcome: acquired / timeout / cancelled /
 * failed) and counts the leases it grants. An empty try counts as a timeout: by the contract a try is an acquire with
 * no time to wait.
 */
final class MeteredLocks extends ForwardingLockService {
  private static final String NAME = "metastate.lock.acquire";

  private final Meters meters;
  private final LeaseMeters leases;

  MeteredLocks(DistributedLockService delegate, Meters meters) {
    super(delegate);
    this.meters = meters;
    this.leases = new LeaseMeters(meters, delegate.session());
  }

  private Observation observation(String mode, String name) {
    return meters.observation(NAME, "mode", mode).highCardinalityKeyValue("lock.name", name)
        .contextualName("lock acquire " + mode);
  }

  @Override
  public Optional<LockLease> tryAcquire(String name) {
    return acquired(observation("try", name), () -> delegate().tryAcquire(name));
  }

  @Override
  public Optional<LockLease> acquire(String name, Duration timeout) {
    return acquired(observation("wait", name), () -> delegate().acquire(name, timeout));
  }

  private Optional<LockLease> acquired(Observation o, java.util.function.Supplier<Optional<LockLease>> call) {
    Optional<LockLease> lease = meters.observeAcquire(o, call);
    lease.ifPresent(leases::track);
    return lease;
  }

  @Override
  public CompletableFuture<LockLease> acquireAsync(String name) {
    Observation o = observation("async", name);
    CompletableFuture<LockLease> f = meters.startAsync(o, () -> delegate().acquireAsync(name), Outcomes::ofAcquire);
    // The caller gets the provider's own future, so that cancelling it still withdraws the waiter.
    f.whenComplete((lease, error) -> {
      if (error == null) {
        o.lowCardinalityKeyValue(Meters.OUTCOME, Outcomes.ACQUIRED);
        leases.track(lease);
      } else {
        o.lowCardinalityKeyValue(Meters.OUTCOME, Outcomes.ofAcquire(error));
        if (!Outcomes.CANCELLED.equals(Outcomes.ofAcquire(error))) {
          o.error(error);
        }
      }
      o.stop();
    });
    return f;
  }

  @Override
  public boolean forceRelease(String name) {
    return meters.observe(meters.observation("metastate.lock.force.release"), () -> delegate().forceRelease(name),
        removed -> removed ? "released" : "not_held");
  }
}
