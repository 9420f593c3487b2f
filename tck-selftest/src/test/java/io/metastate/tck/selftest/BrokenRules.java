package io.metastate.tck.selftest;

import io.metastate.CoordinationClient;
import io.metastate.error.CoordinationException;
import io.metastate.lock.LeaseListener;
import io.metastate.lock.LockLease;
import io.metastate.state.AsyncMetaStateService;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Deliberately broken providers for the rules the safety issue added to the kit (timeouts, interrupts, fairness,
 * async failures, listener removal, honest reads after a clock jump): the local-file provider behind a decorator that
 * breaks one of them. {@link Broken} holds the first six.
 */
enum BrokenRules implements UnaryOperator<CoordinationClient> {
  /** acquire with a timeout of zero or less joins the queue, returns empty if not granted at once, and stays queued. */
  ZERO_TIMEOUT_LEAVES_WAITER {
    @Override
    public CoordinationClient apply(CoordinationClient c) {
      return new ForwardingClient(c, new ForwardingLocks(c.locks()) {
        @Override
        public Optional<LockLease> acquire(String name, Duration timeout) {
          if (timeout.isZero() || timeout.isNegative()) {
            CompletableFuture<LockLease> queued = delegate().acquireAsync(name);
            return queued.isDone() && !queued.isCompletedExceptionally() ? Optional.of(queued.join()) : Optional.empty();
          }
          return delegate().acquire(name, timeout);
        }
      }, new ForwardingState(c.state()));
    }
  },

  /** An interrupted acquire clears the interrupt: on entry it goes on as if nothing happened, while waiting it returns empty. */
  INTERRUPT_SWALLOWED {
    @Override
    public CoordinationClient apply(CoordinationClient c) {
      return new ForwardingClient(c, new ForwardingLocks(c.locks()) {
        @Override
        public Optional<LockLease> acquire(String name, Duration timeout) {
          Thread.interrupted();
          return emptyIfInterrupted(() -> delegate().acquire(name, timeout));
        }
      }, new ForwardingState(c.state()));
    }
  },

  /** Waiters do not queue: they poll with tryAcquire, so a try right after a release barges past them. */
  POLLING_WAITERS {
    @Override
    public CoordinationClient apply(CoordinationClient c) {
      return new ForwardingClient(c, new ForwardingLocks(c.locks()) {
        @Override
        public CompletableFuture<LockLease> acquireAsync(String name) {
          CompletableFuture<LockLease> granted = new CompletableFuture<>();
          ScheduledFuture<?> polling = POLLER.scheduleWithFixedDelay(() -> {
            try {
              delegate().tryAcquire(name).ifPresent(lease -> {
                if (!granted.complete(lease)) {
                  lease.release();
                }
              });
            } catch (CoordinationException e) {
              granted.completeExceptionally(e);
            }
          }, 0, 20, TimeUnit.MILLISECONDS);
          granted.whenComplete((lease, failure) -> polling.cancel(false));
          return granted;
        }
      }, new ForwardingState(c.state()));
    }
  },

  /** The async multi runs on the caller's thread and throws a rejected transaction instead of failing the stage. */
  ASYNC_MULTI_THROWS {
    @Override
    public CoordinationClient apply(CoordinationClient c) {
      return new ForwardingClient(c, new ForwardingLocks(c.locks()), new ForwardingState(c.state()) {
        @Override
        public AsyncMetaStateService async() {
          return new ForwardingAsync(this) {
            @Override
            public CompletionStage<List<OpResult>> multi(List<Op> ops) {
              return CompletableFuture.completedFuture(synchronous().multi(ops));
            }
          };
        }
      });
    }
  },

  /** A lease keeps calling a listener after removeListener. */
  LEASE_LISTENER_NOT_REMOVED {
    @Override
    public CoordinationClient apply(CoordinationClient c) {
      return new ForwardingClient(c, new ForwardingLocks(c.locks()) {
        @Override
        LockLease granted(LockLease lease) {
          return new ForwardingLease(lease) {
            @Override
            public void removeListener(LeaseListener listener) {
              // ignored: the listener is still told
            }
          };
        }
      }, new ForwardingState(c.state()));
    }
  },

  /**
   * The session and its leases read the state they were last moved to: after the clock jumped past the TTL they still
   * read CONNECTED and HELD until some I/O moves them.
   */
  BLIND_TO_CLOCK {
    @Override
    public CoordinationClient apply(CoordinationClient c) {
      return new ForwardingClient(c, new ClockBlindSession(c.session()), new ForwardingLocks(c.locks()) {
        @Override
        LockLease granted(LockLease lease) {
          return new ClockBlindLease(lease);
        }
      }, new ForwardingState(c.state()));
    }
  };

  private static final ScheduledExecutorService POLLER = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "broken-poller");
    t.setDaemon(true);
    return t;
  });

  /** Runs an acquire; where an interrupt made it fail, clears the flag and answers empty, as if it timed out. */
  static Optional<LockLease> emptyIfInterrupted(Supplier<Optional<LockLease>> acquire) {
    try {
      return acquire.get();
    } catch (CoordinationException e) {
      if (Thread.interrupted()) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
