package io.metastate.recipes.rangelock;

import java.util.Objects;

/**
 * A half-open interval {@code [from, to)} of keys; a {@code null} bound is open, so {@code (null, null)} is the whole
 * key space. Keys compare as Java strings ({@link String#compareTo}), the same on every client. A single key
 * {@code k} is the range {@code [k, k + "\0")}: the smallest range that contains it.
 *
 * @param from the lowest key included, or {@code null} for no lower bound
 * @param to the first key excluded, or {@code null} for no upper bound
 */
public record KeyRange(String from, String to) {
  private static final KeyRange ALL = new KeyRange(null, null);

  public KeyRange {
    if (from != null && to != null && from.compareTo(to) >= 0) {
      throw new IllegalArgumentException("empty key range: from '" + from + "' must sort before to '" + to
          + "' (use KeyRange.point(key) for one key)");
    }
  }

  /** Exactly one key. */
  public static KeyRange point(String key) {
    Objects.requireNonNull(key, "key");
    return new KeyRange(key, key + '\0');
  }

  /** {@code [from, to)}; both bounds required, {@code from} before {@code to}. */
  public static KeyRange of(String from, String to) {
    return new KeyRange(Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to"));
  }

  /** Every key from {@code from} on. */
  public static KeyRange atLeast(String from) {
    return new KeyRange(Objects.requireNonNull(from, "from"), null);
  }

  /** Every key before {@code to}. */
  public static KeyRange below(String to) {
    return new KeyRange(null, Objects.requireNonNull(to, "to"));
  }

  /** The whole key space. */
  public static KeyRange all() {
    return ALL;
  }

  /** Whether this range holds exactly one key. */
  public boolean isPoint() {
    return from != null && to != null && to.length() == from.length() + 1 && to.startsWith(from)
        && to.charAt(from.length()) == '\0';
  }

  /** Whether {@code key} lies in this range. */
  public boolean contains(String key) {
    return (from == null || from.compareTo(key) <= 0) && (to == null || key.compareTo(to) < 0);
  }

  /** Whether the two ranges share at least one key. */
  public boolean intersects(KeyRange other) {
    return (from == null || other.to == null || from.compareTo(other.to) < 0)
        && (other.from == null || to == null || other.from.compareTo(to) < 0);
  }

  @Override
  public String toString() {
    if (isPoint()) {
      return "[" + from + "]";
    }
    return "[" + (from == null ? "-inf" : from) + ", " + (to == null ? "+inf" : to) + ")";
  }
}
