package io.metastate.zookeeper;

import io.metastate.provider.AbstractSession;
import io.metastate.provider.EventDispatcher;
import io.metastate.session.SessionState;
import java.time.Duration;

/** The ZooKeeper session, driven by Curator's connection states; it tells the client of each transition. */
final class ZkSession extends AbstractSession {
  private final ZkClient client;

  ZkSession(long id, String ownerId, Duration ttl, EventDispatcher events, ZkClient client) {
    super(id, ownerId, ttl, events);
    this.client = client;
  }

  @Override
  protected void onStateChanged(SessionState from, SessionState to) {
    client.sessionChanged(to);
  }
}
