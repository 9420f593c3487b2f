package io.metastate.tck.selftest;

import io.metastate.CoordinationClient;
import io.metastate.lock.DistributedLockService;
import io.metastate.provider.support.ForwardingCoordinationClient;
import io.metastate.session.Session;
import io.metastate.state.MetaStateService;

/** A client whose lock and state services are decorators (see {@link Broken}); the session is the real one unless given. */
class ForwardingClient extends ForwardingCoordinationClient {
  /** A client that forwards to the real services (mutants of the client itself). */
  ForwardingClient(CoordinationClient delegate) {
    super(delegate);
  }

  ForwardingClient(CoordinationClient delegate, DistributedLockService locks, MetaStateService state) {
    super(delegate, delegate.session(), locks, state);
  }

  /** A client whose session is a decorator too (mutants of session promises). */
  ForwardingClient(CoordinationClient delegate, Session session, DistributedLockService locks, MetaStateService state) {
    super(delegate, session, locks, state);
  }
}
