package io.metastate.zookeeper;

import io.metastate.Ticker;
import io.metastate.provider.AbstractSession;
import io.metastate.provider.EventDispatcher;
import io.metastate.session.SessionState;
import java.time.Duration;

/**
 * The ZooKeeper session, driven by Curator's connection states; it tells the client of each transition. Contacts are
 * reported by {@link ZkContact}.
 */
final class ZkSession extends AbstractSession {
  private final ZkClient client;

  ZkSession(long id, String ownerId, Duration ttl, EventDispatcher events, Ticker ticker, long contactAt,
      ZkClient client) {
    super(id, ownerId, ttl, events, ticker, contactAt);
    this.client = client;
  }

  @Override
  protected void onStateChanged(SessionState from, SessionState to) {
    client.sessionChanged(to);
  }
}
