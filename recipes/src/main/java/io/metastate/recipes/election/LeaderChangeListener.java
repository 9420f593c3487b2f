package io.metastate.recipes.election;

import java.util.Optional;

/** Told when the published leader of an election changes, in order, on one thread per observer. Must not block. */
@FunctionalInterface
public interface LeaderChangeListener {
  /**
   * @param previous the leader seen before (empty: none)
   * @param current the leader now (empty: none published, for instance between two terms)
   */
  void leaderChanged(Optional<LeaderInfo> previous, Optional<LeaderInfo> current);
}
