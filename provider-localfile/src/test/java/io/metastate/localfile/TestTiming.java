package io.metastate.localfile;

import java.time.Duration;

/** The one knob for test waits: {@code -Dmetastate.test.timeScale=2} doubles every timeout. */
final class TestTiming {
  private TestTiming() {}

  static double scale() {
    return Double.parseDouble(System.getProperty("metastate.test.timeScale", "1"));
  }

  static Duration scaled(Duration d) {
    return Duration.ofNanos((long) (d.toNanos() * scale()));
  }

  /** The default wait for something that should happen promptly. */
  static Duration patience() {
    return scaled(Duration.ofSeconds(10));
  }
}
