package io.metastate.recipes.election;

import io.metastate.CoordinationClient;
import java.util.Optional;

/**
 * Follows who leads an election without being a candidate: reads the leader node and watches it, for as long as
 * its client's session lives (after an expiry, open a new client and a new observer).
 *
 * <pre>{@code
 * try (LeaderObserver observer = LeaderObserver.open(client, "meta-servers")) {
 *   observer.addListener((before, now) -> redirectTo(now.map(LeaderInfo::metadata)));
 *   observer.leader().ifPresent(info -> System.out.println("leader: " + info.ownerId()));
 * }
 * }</pre>
 */
public interface LeaderObserver extends AutoCloseable {
  /**
   * Starts observing; {@link #leader()} is current when this returns.
   *
   * @throws io.metastate.error.InvalidPathException if the election name is not a valid lock name
   */
  static LeaderObserver open(CoordinationClient client, String electionName) {
    return Observer.open(client, electionName);
  }

  /** The election observed. */
  String electionName();

  /** The leader as last seen: empty when none is published. */
  Optional<LeaderInfo> leader();

  /** Registers a listener for changes after this call; registering twice has no further effect. */
  void addListener(LeaderChangeListener listener);

  /** Stops delivery to a listener. */
  void removeListener(LeaderChangeListener listener);

  /** Stops watching; idempotent. */
  @Override
  void close();
}
