package io.metastate;

/**
 * A source of monotonic nanoseconds. Every provider reads session and lease time through the ticker of its
 * {@link io.metastate.config.MetaStateConfig#ticker() config}, never the wall clock. [CONFIG-4] This is so that a test can move one
 * client's clock and show "time passed without contact" deterministically (Caffeine's {@code Ticker} idea). Only
 * differences between readings matter.
 */
@FunctionalInterface
public interface Ticker {
  /** Nanoseconds since an arbitrary origin; never goes backwards. */
  long read();

  /** The JVM's monotonic clock, {@link System#nanoTime()}. */
  static Ticker system() {
    return System::nanoTime;
  }
}
