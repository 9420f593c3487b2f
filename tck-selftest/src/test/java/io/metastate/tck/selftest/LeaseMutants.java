package io.metastate.tck.selftest;

import io.metastate.CoordinationClient;
import io.metastate.lock.LeaseListener;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionState;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/** Mutants of the LEASE promises: each hands out leases behind a decorator that breaks one. */
final class LeaseMutants {
  private LeaseMutants() {}

  /** A client whose granted leases are {@code lease(real)}. */
  static CoordinationClient leases(CoordinationClient c, Function<LockLease, ForwardingLease> lease) {
    return LockMutants.locks(c, new ForwardingLocks(c.locks()) {
      @Override
      LockLease granted(LockLease real) {
        return lease.apply(real);
      }
    });
  }

  /** A client whose leases read {@code shown} whenever their real state is {@code real}. */
  static CoordinationClient reads(CoordinationClient c, LeaseState real, LeaseState shown) {
    return leases(c, l -> new ForwardingLease(l) {
      @Override
      public LeaseState state() {
        LeaseState now = delegate.state();
        return now == real ? shown : now;
      }
    });
  }

  static List<Mutant> all() {
    return List.of(
        new Mutant("LEASE-1", "a lease released from another thread than the acquiring one stays held", c ->
            leases(c, l -> new ForwardingLease(l) {
              private final Thread owner = Thread.currentThread();

              @Override
              public void release() {
                if (Thread.currentThread() == owner) {
                  super.release();
                }
              }
            })),
        new Mutant("LEASE-2", "a lease reports another name", c -> leases(c, l -> new ForwardingLease(l) {
          @Override
          public String name() {
            return delegate.name() + "-x";
          }
        })),
        new Mutant("LEASE-3", "a lease reports another session id", c -> leases(c, l -> new ForwardingLease(l) {
          @Override
          public long sessionId() {
            return delegate.sessionId() + 1;
          }
        })),
        new Mutant("LEASE-5", "lease listeners are told the states swapped", c -> leases(c, l -> new ForwardingLease(l) {
          @Override
          public void addListener(LeaseListener listener) {
            super.addListener((lease, from, to) -> listener.stateChanged(lease, to, from));
          }
        })),
        new Mutant("LEASE-6", "a listener added to a terminal lease is told its last change", c ->
            leases(c, l -> new ForwardingLease(l) {
              @Override
              public void addListener(LeaseListener listener) {
                if (delegate.state().isTerminal()) {
                  listener.stateChanged(this, LeaseState.HELD, delegate.state());
                }
                super.addListener(listener);
              }
            })),
        new Mutant("LEASE-7", "a listener added twice is registered twice", c -> leases(c, l -> new ForwardingLease(l) {
          @Override
          public void addListener(LeaseListener listener) {
            delegate.addListener((lease, from, to) -> listener.stateChanged(this, from, to));
          }
        })),
        new Mutant("LEASE-8", "removeListener does nothing", c -> leases(c, l -> new ForwardingLease(l) {
          @Override
          public void removeListener(LeaseListener listener) {}
        })),
        new Mutant("LEASE-9", "release only marks the lease released and keeps the lock", c ->
            leases(c, l -> new ForwardingLease(l) {
              private volatile boolean released;

              @Override
              public void release() {
                released = true;
              }

              @Override
              public LeaseState state() {
                return released ? LeaseState.RELEASED : delegate.state();
              }
            })),
        new Mutant("LEASE-10", "a second release throws", c -> leases(c, l -> new ForwardingLease(l) {
          private final AtomicBoolean released = new AtomicBoolean();

          @Override
          public void release() {
            if (released.getAndSet(true) || delegate.state().isTerminal()) {
              throw new IllegalStateException("lease already ended");
            }
            super.release();
          }
        })),
        new Mutant("LEASE-11", "a released lease reads LOST",
            c -> reads(c, LeaseState.RELEASED, LeaseState.LOST)),
        new Mutant("LEASE-12", "closing a lease does not release it", c -> leases(c, l -> new ForwardingLease(l) {
          @Override
          public void close() {}
        })),
        new Mutant("LEASE-13", "a released lease reads LOST once its client closed", c -> {
          CoordinationClient real = c;
          return leases(c, l -> new ForwardingLease(l) {
            @Override
            public LeaseState state() {
              LeaseState s = delegate.state();
              return s == LeaseState.RELEASED && real.session().state() == SessionState.CLOSED ? LeaseState.LOST : s;
            }
          });
        }));
  }
}
