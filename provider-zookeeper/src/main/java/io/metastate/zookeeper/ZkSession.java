package io.metastate.zookeeper;

import io.metastate.Ticker;
import io.metastate.provider.AbstractSession;
import io.metastate.provider.EventDispatcher;
import io.metastate.session.SessionState;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The ZooKeeper session, driven by Curator's connection states; it tells the client of each transition. Contacts are
 * reported by {@link ZkContact}.
 */
final class ZkSession extends AbstractSession {
  private final Consumer<SessionState> onChange;

  /** @param onChange told of each transition (the client's {@code sessionChanged}) */
  ZkSession(long id, String ownerId, Duration ttl, EventDispatcher events, Ticker ticker, long contactAt,
      Consumer<SessionState> onChange) {
    super(id, ownerId, ttl, events, ticker, contactAt);
    this.onChange = onChange;
  }

  @Override
  protected void onStateChanged(SessionState from, SessionState to) {
    onChange.accept(to);
  }
}
