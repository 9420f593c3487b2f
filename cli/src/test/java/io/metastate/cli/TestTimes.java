package io.metastate.cli;

import io.metastate.testing.TestTiming;
import java.time.Duration;

/** The one wait limit of these tests, scaled like every other module's ({@code -Dmetastate.test.timeScale}). */
final class TestTimes {
  private TestTimes() {}

  static Duration limit() {
    return TestTiming.waitLimit();
  }
}
