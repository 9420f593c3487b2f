package io.metastate.micrometer;

import io.metastate.CoordinationClient;
import io.metastate.provider.support.ForwardingCoordinationClient;

/**
 * A client whose lock and meta-state services record what they do; the session is watched, not wrapped. Tests reach
 * the provider's fault hooks through {@link #delegate()}.
 */
final class MeteredClient extends ForwardingCoordinationClient {
  private final SessionMeters sessionMeters;

  MeteredClient(CoordinationClient delegate, Meters meters) {
    this(delegate, meters, SessionMeters.watch(delegate.session(), meters));
  }

  private MeteredClient(CoordinationClient delegate, Meters meters, SessionMeters sessionMeters) {
    super(delegate, delegate.session(), new MeteredLocks(delegate.locks(), meters),
        new MeteredState(delegate.state(), meters));
    this.sessionMeters = sessionMeters;
  }

  @Override
  public void close() {
    try {
      super.close();
    } finally {
      sessionMeters.stop();
    }
  }

  @Override
  public String toString() {
    return "metered " + delegate();
  }
}
