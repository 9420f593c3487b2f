package io.metastate;

import io.metastate.lock.DistributedLockService;
import io.metastate.session.Session;
import io.metastate.state.MetaStateService;

/**
 * One connection to a coordination backend, with one session that owns its locks and ephemeral nodes. A client is
 * thread-safe: any number of threads may call its services at once. [SESSION-21] Open one per process (or per
 * independent identity) and share it.
 *
 * <p>Each client has a session of its own: two clients never share a session id. [SESSION-1]
 *
 * <p>When {@link #close()} returns, every lock of the session is released and every ephemeral node of the session is
 * deleted, as any other client sees. [SESSION-2] Closing moves the session to
 * {@link io.metastate.session.SessionState#CLOSED} and tells its listeners of that one transition. [SESSION-3] After
 * close, every call of the client's lock and meta-state services fails with
 * {@link io.metastate.error.ClientClosedException}, thrown by a synchronous call and as the failure of the stage of
 * an asynchronous one. [SESSION-4]
 *
 * <p>Promise ids such as {@code [FAMILY-n]} name the sentence before them; the compatibility kit keeps each with its
 * sentence in its promise catalogue and verifies it on every provider.
 */
public interface CoordinationClient extends AutoCloseable {
  /** The name of the provider serving this client ({@code localfile}, {@code zookeeper}, {@code etcd}, ...). */
  String providerName();

  /**
   * The session of the meta-state service. Unless lock and state providers were configured apart, it is also the
   * session of {@link #locks()}. Unless lock and state providers were configured apart, the client's session is also
   * the session of locks and of state. [SESSION-5]
   */
  Session session();

  /** The distributed-lock service. */
  DistributedLockService locks();

  /** The meta-state service. */
  MetaStateService state();

  /** Ends the session: releases locks, deletes ephemeral nodes. Closing a closed client does nothing. [SESSION-6] */
  @Override
  void close();
}
