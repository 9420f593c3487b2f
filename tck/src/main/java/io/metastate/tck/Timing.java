package io.metastate.tck;

import java.time.Duration;

/**
 * The kit's one timeout knob: every wait is a base duration times {@code -Dmetastate.test.timeScale} (default 1),
 * so a slow machine raises one number instead of editing tests (Curator's {@code Timing} idea).
 */
public final class Timing {
  /** The system property that scales every timeout of the kit. */
  public static final String TIME_SCALE_PROPERTY = "metastate.test.timeScale";

  private Timing() {}

  /** The scale factor, at least 0.1. */
  public static double scale() {
    String raw = System.getProperty(TIME_SCALE_PROPERTY, "1").trim();
    try {
      double v = Double.parseDouble(raw.isEmpty() ? "1" : raw);
      if (v >= 0.1) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(TIME_SCALE_PROPERTY + " must be a number >= 0.1, was '" + raw + "'");
  }

  /** {@code base} times the scale. */
  public static Duration scaled(Duration base) {
    return Duration.ofNanos((long) (base.toNanos() * scale()));
  }

  /** {@code millis} milliseconds times the scale. */
  public static Duration millis(long millis) {
    return scaled(Duration.ofMillis(millis));
  }

  /** {@code seconds} seconds times the scale. */
  public static Duration seconds(long seconds) {
    return scaled(Duration.ofSeconds(seconds));
  }
}
