package io.metastate.tck;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one seed of a test run: every random choice of the kit's workloads (operations, keys, fault victims) and of
 * the providers' randomized tests derives from it. {@code -Dmetastate.tck.seed=N} replays a run's choices; without
 * the property a fresh seed is drawn, and printed once, with the line that replays it.
 *
 * <p>Timing still differs between runs (threads, servers), so a replay repeats the choices, not the interleaving.
 */
public final class KitSeed {
  /** The system property that fixes the seed. */
  public static final String PROPERTY = "metastate.tck.seed";

  private static final long SEED = read();

  private KitSeed() {}

  private static long read() {
    String raw = System.getProperty(PROPERTY, "").trim();
    long seed;
    if (raw.isEmpty()) {
      seed = ThreadLocalRandom.current().nextLong();
    } else {
      try {
        seed = Long.parseLong(raw);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(PROPERTY + "='" + raw + "' is not a long; use the number a run printed", e);
      }
    }
    System.out.println("metastate kit seed " + seed + " (-D" + PROPERTY + "=" + seed + " replays its choices)");
    return seed;
  }

  /** This run's seed. */
  public static long value() {
    return SEED;
  }

  /**
   * A generator for one use, derived from the seed: the same seed, {@code purpose} and {@code stream} (a worker's
   * id, say) give the same sequence, and different purposes do not repeat each other's choices.
   */
  public static Random random(String purpose, long stream) {
    return new Random(SEED ^ (purpose.hashCode() * 0x9E3779B97F4A7C15L) ^ (stream * 0xC2B2AE3D27D4EB4FL));
  }

  /** {@link #random(String, long)} with stream 0. */
  public static Random random(String purpose) {
    return random(purpose, 0);
  }

  /** For failure messages: the seed and how to replay it. */
  public static String replay() {
    return "seed " + SEED + ": rerun with -D" + PROPERTY + "=" + SEED;
  }
}
