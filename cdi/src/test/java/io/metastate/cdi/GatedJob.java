package io.metastate.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Holds a lock until told to let go, and tries the same lock impatiently. */
@ApplicationScoped
class GatedJob {
  static final String LOCK = "cdi-test/gated";

  private final AtomicInteger impatientRuns = new AtomicInteger();

  /** How often a method body ran that must not run while the lock is held elsewhere. */
  int impatientRuns() {
    return impatientRuns.get();
  }

  @Locked(value = LOCK, timeout = "30s")
  long holdUntil(CountDownLatch entered, CountDownLatch letGo) throws InterruptedException {
    entered.countDown();
    if (!letGo.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the test never let go");
    }
    return CurrentLease.token().value();
  }

  @Locked(value = LOCK, timeout = "200ms")
  void impatient() {
    impatientRuns.incrementAndGet();
  }

  @Locked(value = LOCK, timeout = "0s", onTimeout = Locked.OnTimeout.SKIP)
  Optional<String> skipping() {
    impatientRuns.incrementAndGet();
    return Optional.of("ran");
  }

  @Locked(value = LOCK, timeout = "0s", onTimeout = Locked.OnTimeout.SKIP)
  void skippingVoid() {
    impatientRuns.incrementAndGet();
  }
}
