package io.metastate.session;

import java.time.Duration;

/**
 * The liveness lease of one client: it owns the client's ephemeral nodes and locks. Backed by a ZooKeeper session,
 * an etcd lease with keep-alive, or an entry in the local-file provider's lease table.
 *
 * <p>Expiry is measured with monotonic time. Once {@link SessionState#EXPIRED} or {@link SessionState#CLOSED}, a
 * session never comes back: every later operation of its client fails with
 * {@link io.metastate.error.SessionExpiredException} or {@link io.metastate.error.ClientClosedException}.
 */
public interface Session {
  /**
   * The backend's identifier of this session (ZooKeeper session id, etcd lease id, local lease number). It is the
   * {@link io.metastate.state.Stat#ephemeralOwner() ephemeral owner} of nodes the session creates. Never 0.
   */
  long id();

  /** The owner id this client presents ({@code metastate.owner-id}), as recorded with its locks. */
  String ownerId();

  /** The current state; may change at any moment after it is read. */
  SessionState state();

  /** How long the lease survives without contact ({@code metastate.session.ttl}). */
  Duration ttl();

  /**
   * Registers a listener for transitions after this call, delivered in order on the session's event thread.
   * Adding the same listener twice has no further effect.
   */
  void addListener(SessionListener listener);

  /** Stops delivery to a listener; unknown listeners are ignored. */
  void removeListener(SessionListener listener);
}
