package io.metastate.tck.selftest;

import io.metastate.CoordinationClient;
import io.metastate.error.ClientClosedException;
import io.metastate.error.SessionExpiredException;
import io.metastate.lock.LockLease;
import io.metastate.session.Session;
import io.metastate.session.SessionListener;
import io.metastate.session.SessionState;
import io.metastate.state.Node;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/** Mutants of the SESSION promises. */
final class SessionMutants {
  private SessionMutants() {}

  /** A client whose session is {@code session(real)}; locks and state forward. */
  static CoordinationClient session(CoordinationClient c, Function<Session, ForwardingSession> session) {
    return new ForwardingClient(c, session.apply(c.session()), new ForwardingLocks(c.locks()),
        new ForwardingState(c.state()));
  }

  static List<Mutant> all() {
    return List.of(
        new Mutant("SESSION-1", "every client reports the same session id", c -> session(c, s -> new ForwardingSession(s) {
          @Override
          public long id() {
            return 4242L;
          }
        })),
        new Mutant("SESSION-2", "ephemeral nodes are created persistent, so close leaves them", Broken.IMMORTAL_EPHEMERALS),
        new Mutant("SESSION-3", "listeners are not told CLOSED", c -> session(c, s -> new ForwardingSession(s) {
          @Override
          SessionListener wrap(SessionListener l) {
            return (x, from, to) -> {
              if (to != SessionState.CLOSED) {
                l.stateChanged(this, from, to);
              }
            };
          }
        })),
        new Mutant("SESSION-4", "a closed client's get returns empty instead of failing", c ->
            StateMutants.state(c, new ForwardingState(c.state()) {
              @Override
              public Optional<Node> get(String path) {
                return HiddenError.answer(() -> delegate().get(path), ClientClosedException.class, Optional.empty());
              }
            })),
        new Mutant("SESSION-5", "the lock service reports a session of its own", c ->
            LockMutants.locks(c, new ForwardingLocks(c.locks()) {
              @Override
              public Session session() {
                return new ForwardingSession(delegate().session()) {
                  @Override
                  public long id() {
                    return delegate.id() + 1;
                  }
                };
              }
            })),
        new Mutant("SESSION-6", "closing twice throws", c -> {
          AtomicBoolean closed = new AtomicBoolean();
          return new ForwardingClient(c) {
            @Override
            public void close() {
              if (closed.getAndSet(true)) {
                throw new IllegalStateException("already closed");
              }
              super.close();
            }
          };
        }),
        new Mutant("SESSION-7", "an expired session reads SUSPENDED, as if it could come back", c -> session(c,
            s -> new ForwardingSession(s) {
              @Override
              public SessionState state() {
                SessionState real = delegate.state();
                return real == SessionState.EXPIRED ? SessionState.SUSPENDED : real;
              }
            })),
        new Mutant("SESSION-8", "an expired client's get returns empty instead of failing", c ->
            StateMutants.state(c, new ForwardingState(c.state()) {
              @Override
              public Optional<Node> get(String path) {
                return HiddenError.answer(() -> delegate().get(path), SessionExpiredException.class, Optional.empty());
              }
            })),
        new Mutant("SESSION-9", "the session id is 0", c -> session(c, s -> new ForwardingSession(s) {
          @Override
          public long id() {
            return 0;
          }
        })),
        new Mutant("SESSION-10", "leases carry another owner id", c ->
            LeaseMutants.leases(c, lease -> new ForwardingLease(lease) {
              @Override
              public String ownerId() {
                return "someone-else";
              }
            })),
        new Mutant("SESSION-12", "the TTL reads zero", c -> session(c, s -> new ForwardingSession(s) {
          @Override
          public Duration ttl() {
            return Duration.ZERO;
          }
        })),
        new Mutant("SESSION-13", "listeners are told every transition twice", c -> session(c, s -> new ForwardingSession(s) {
          @Override
          SessionListener wrap(SessionListener l) {
            return (x, from, to) -> {
              l.stateChanged(this, from, to);
              l.stateChanged(this, from, to);
            };
          }
        })),
        new Mutant("SESSION-14", "a listener added twice is registered twice", c -> session(c, s -> new ForwardingSession(s) {
          @Override
          public void addListener(SessionListener listener) {
            delegate.addListener(wrap(listener));
          }
        })),
        new Mutant("SESSION-15", "removeListener does nothing", c -> session(c, s -> new ForwardingSession(s) {
          @Override
          public void removeListener(SessionListener listener) {}
        })),
        new Mutant("SESSION-16", "removing an unknown listener throws", c -> session(c, s -> new ForwardingSession(s) {
          private final java.util.Set<SessionListener> known = java.util.concurrent.ConcurrentHashMap.newKeySet();

          @Override
          public void addListener(SessionListener listener) {
            known.add(listener);
            super.addListener(listener);
          }

          @Override
          public void removeListener(SessionListener listener) {
            if (!known.remove(listener)) {
              throw new IllegalArgumentException("unknown listener");
            }
            super.removeListener(listener);
          }
        })),
        new Mutant("SESSION-17", "a new session reads SUSPENDED", c -> session(c, s -> new ForwardingSession(s) {
          @Override
          public SessionState state() {
            SessionState real = delegate.state();
            return real == SessionState.CONNECTED ? SessionState.SUSPENDED : real;
          }
        })),
        new Mutant("SESSION-18", "after a terminal state, listeners are told it went back to CONNECTED", c ->
            session(c, s -> new ForwardingSession(s) {
              @Override
              SessionListener wrap(SessionListener l) {
                return (x, from, to) -> {
                  l.stateChanged(this, from, to);
                  if (to.isTerminal()) {
                    l.stateChanged(this, to, SessionState.CONNECTED);
                  }
                };
              }
            })),
        new Mutant("SESSION-19", "leases of a suspended session read HELD",
            c -> LeaseMutants.reads(c, io.metastate.lock.LeaseState.UNCERTAIN, io.metastate.lock.LeaseState.HELD)),
        new Mutant("SESSION-21", "a create while another create of the same client is in flight fails", c -> {
          java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean();
          return StateMutants.state(c, new ForwardingState(c.state()) {
            @Override
            public String create(String path, byte[] data, io.metastate.state.CreateMode mode) {
              if (!busy.compareAndSet(false, true)) {
                throw new java.util.ConcurrentModificationException("another create is in flight");
              }
              try {
                return super.create(path, data, mode);
              } finally {
                busy.set(false);
              }
            }
          });
        }),
        new Mutant("SESSION-20", "leases of an expired session read RELEASED, not LOST",
            c -> LeaseMutants.reads(c, io.metastate.lock.LeaseState.LOST, io.metastate.lock.LeaseState.RELEASED)));
  }
}
