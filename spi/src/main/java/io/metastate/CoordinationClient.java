package io.metastate;

import io.metastate.lock.DistributedLockService;
import io.metastate.session.Session;
import io.metastate.state.MetaStateService;

/**
 * One connection to a coordination backend, with one session that owns its locks and ephemeral nodes. Thread-safe;
 * open one per process (or per independent identity) and share it.
 *
 * <p>Closing releases every lock, deletes every ephemeral node and moves the session to
 * {@link io.metastate.session.SessionState#CLOSED}. After that, every call fails with
 * {@link io.metastate.error.ClientClosedException}.
 */
public interface CoordinationClient extends AutoCloseable {
  /** The name of the provider serving this client ({@code localfile}, {@code zookeeper}, {@code etcd}, ...). */
  String providerName();

  /**
   * The session of the meta-state service. Unless lock and state providers were configured apart, it is also the
   * session of {@link #locks()}.
   */
  Session session();

  /** The distributed-lock service. */
  DistributedLockService locks();

  /** The meta-state service. */
  MetaStateService state();

  /** Ends the session: releases locks, deletes ephemeral nodes. Idempotent. */
  @Override
  void close();
}
