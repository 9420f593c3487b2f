package io.metastate.recipes.rangelock;

/** How a key or range is locked: READ locks share, WRITE locks exclude everything they overlap. */
public enum LockMode {
  /** Shared: conflicts only with WRITE locks on overlapping keys. */
  READ,
  /** Exclusive: conflicts with every lock on overlapping keys. */
  WRITE;

  /** Whether a lock in this mode and one in {@code other} exclude each other when their ranges overlap. */
  public boolean conflictsWith(LockMode other) {
    return this == WRITE || other == WRITE;
  }
}
