package io.metastate.session;

import java.time.Duration;

/**
 * The liveness lease of one client: it owns the client's ephemeral nodes and locks. Backed by a ZooKeeper session,
 * an etcd lease with keep-alive, or an entry in the local-file provider's lease table.
 *
 * <p>Expiry is measured with monotonic time, read through the ticker of the client's config (see
 * {@link io.metastate.Ticker}). Once {@link SessionState#EXPIRED} or {@link SessionState#CLOSED}, a session never
 * comes back: it stays in that state whatever the backend does later. [SESSION-7] Once the session is EXPIRED, every
 * call of its client's lock and meta-state services fails with {@link io.metastate.error.SessionExpiredException}.
 * [SESSION-8]
 */
public interface Session {
  /**
   * The backend's identifier of this session (ZooKeeper session id, etcd lease id, local lease number). It is the
   * {@link io.metastate.state.Stat#ephemeralOwner() ephemeral owner} of nodes the session creates. The id is never 0.
   * [SESSION-9]
   */
  long id();

  /**
   * The owner id this client presents ({@code metastate.owner-id}). The owner id of a session is recorded with every
   * lock it holds, in its leases and in what query and list report. [SESSION-10]
   */
  String ownerId();

  /**
   * The current state; may change at any moment after it is read.
   *
   * <p>Honest on read: the state reads SUSPENDED, never CONNECTED, once the last confirmed contact with the backend
   * (timed from when its request was sent) is a full TTL old on the config's ticker, even before the provider has
   * noticed anything. [SESSION-11]
   */
  SessionState state();

  /**
   * How long the lease survives without contact ({@code metastate.session.ttl}). The TTL of a session is positive.
   * [SESSION-12]
   */
  Duration ttl();

  /**
   * Registers a listener for transitions after this call, delivered in order on the session's event thread.
   * A registered listener is told every later transition of the session exactly once, in the order they happened.
   * [SESSION-13] Adding the same listener twice has no further effect: it is still told each transition once.
   * [SESSION-14]
   */
  void addListener(SessionListener listener);

  /**
   * Stops delivery to a listener. After removeListener returns, the listener is told no further transition.
   * [SESSION-15]
   * Removing a listener that was never added does nothing and throws nothing. [SESSION-16]
   */
  void removeListener(SessionListener listener);
}
