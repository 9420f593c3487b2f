package io.metastate.micrometer;

import io.metastate.recipes.rangelock.KeyLease;
import io.metastate.recipes.rangelock.KeyLockInfo;
import io.metastate.recipes.rangelock.KeyLockSpace;
import io.metastate.recipes.rangelock.KeyRange;
import io.metastate.recipes.rangelock.LockMode;
import io.micrometer.observation.Observation;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Times key-lock requests ({@code metastate.keylock.wait}): acquired / timeout / cancelled / failed, as locks do. */
final class MeteredKeyLocks implements KeyLockSpace {
  private final KeyLockSpace delegate;
  private final Meters meters;

  MeteredKeyLocks(KeyLockSpace delegate, Meters meters) {
    this.delegate = delegate;
    this.meters = meters;
  }

  private Observation observation(String how, LockMode mode, KeyRange range) {
    return meters.observation("metastate.keylock.wait", "space", delegate.name(), "mode",
        mode.name().toLowerCase(Locale.ROOT), "wait", how).highCardinalityKeyValue("range", String.valueOf(range))
        .contextualName("key lock " + how);
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Optional<KeyLease> tryLock(KeyRange range, LockMode mode) {
    return meters.observeAcquire(observation("try", mode, range), () -> delegate.tryLock(range, mode));
  }

  @Override
  public Optional<KeyLease> lock(KeyRange range, LockMode mode, Duration timeout) {
    return meters.observeAcquire(observation("wait", mode, range), () -> delegate.lock(range, mode, timeout));
  }

  @Override
  public CompletableFuture<KeyLease> lockAsync(KeyRange range, LockMode mode) {
    Observation o = observation("async", mode, range).start();
    CompletableFuture<KeyLease> f = delegate.lockAsync(range, mode);
    f.whenComplete((lease, error) -> {
      o.lowCardinalityKeyValue(Meters.OUTCOME, error == null ? Outcomes.ACQUIRED : Outcomes.ofAcquire(error));
      o.stop();
    });
    return f;
  }

  @Override
  public List<KeyLockInfo> holders() {
    return delegate.holders();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
