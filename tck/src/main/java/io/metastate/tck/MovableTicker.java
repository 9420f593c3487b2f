package io.metastate.tck;

import io.metastate.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system's monotonic clock plus an offset a test moves forward: give one client's config this ticker
 * ({@link io.metastate.config.MetaStateConfig#withTicker(Ticker)}) and {@link #advance(Duration)} it to make time pass
 * for that client alone, as a process pause would, without any I/O happening meanwhile.
 */
public final class MovableTicker implements Ticker {
  private final AtomicLong offset = new AtomicLong();

  @Override
  public long read() {
    return System.nanoTime() + offset.get();
  }

  /** Moves this clock forward by {@code by}. */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("a monotonic clock cannot move back, was asked to move by " + by);
    }
    offset.addAndGet(by.toNanos());
  }
}
