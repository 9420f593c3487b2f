package io.metastate.testing;

import java.time.Duration;

/**
 * The one timeout knob for every metastate test (Curator's {@code Timing} idea).
 *
 * <p>Reads the system property {@code metastate.test.timeScale} (default {@code 1}); every
 * wait in a test goes through {@link #scaled(Duration)} so a slow CI machine can run
 * {@code -Dmetastate.test.timeScale=3} without editing tests. Timing claims never belong in
 * pass/fail tests; these durations are upper bounds for waiting on conditions.
 */
public final class TestTiming {

    /** The system property holding the scale factor (a positive decimal, e.g. {@code 2.5}). */
    public static final String PROPERTY = "metastate.test.timeScale";

    private TestTiming() {
    }

    /** The current scale factor; fails with a clear message when the property is not a positive number. */
    public static double scale() {
        String raw = System.getProperty(PROPERTY, "1").trim();
        if (raw.isEmpty()) {
            return 1;
        }
        double value;
        try {
            value = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + "='" + raw + "' is not a number; use a positive decimal such as 1 or 2.5", e);
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(PROPERTY + "='" + raw + "' must be a positive finite number, such as 1 or 2.5");
        }
        return value;
    }

    /** {@code base} multiplied by the scale factor (at least one millisecond). */
    public static Duration scaled(Duration base) {
        long millis = Math.max(1, Math.round(base.toMillis() * scale()));
        return Duration.ofMillis(millis);
    }

    /** Scaled seconds: {@code seconds(10)} is ten seconds at scale 1. */
    public static Duration seconds(long seconds) {
        return scaled(Duration.ofSeconds(seconds));
    }

    /** Scaled milliseconds. */
    public static Duration millis(long millis) {
        return scaled(Duration.ofMillis(millis));
    }

    /** The default upper bound for waiting on one condition in a test: 10 seconds, scaled. */
    public static Duration waitLimit() {
        return seconds(10);
    }
}
