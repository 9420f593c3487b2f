package io.metastate.recipes.election;

/**
 * Told when a candidate becomes leader and when that leadership ends, in order, on one thread per candidate.
 * Callbacks must not block for long; they may call {@link LeaderCandidate#resign()} or {@link LeaderCandidate#close()}.
 */
public interface LeadershipListener {
  /** The candidate leads, with the given term; its leader node is already published. */
  void elected(Leadership leadership);

  /** The term ended; stop acting as leader. Writes fenced by {@code leadership} are already rejected. */
  void revoked(Leadership leadership, LossReason reason);
}
