package io.metastate.localfile;

/**
 * A source of monotonic nanoseconds, injected so that tests can drive session expiry without waiting on the wall
 * clock (Caffeine's {@code Ticker} idea). Only differences between readings matter.
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
