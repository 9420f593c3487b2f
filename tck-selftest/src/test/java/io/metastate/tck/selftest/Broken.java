package io.metastate.tck.selftest;

import io.metastate.CoordinationClient;
import io.metastate.error.BadVersionException;
import io.metastate.error.CoordinationException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.NoNodeException;
import io.metastate.error.TransactionFailedException;
import io.metastate.lock.DistributedLockService;
import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseListener;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import io.metastate.provider.support.DaemonThreads;
import io.metastate.state.AsyncMetaStateService;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import io.metastate.state.Stat;
import io.metastate.state.Watch;
import io.metastate.state.WatchListener;
import io.metastate.state.WatchScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Deliberately broken providers: the local-file provider behind a decorator that breaks one promise. The first six
 * break the kit's first contracts; the rest the rules the safety issue added (timeouts, interrupts, fairness, async
 * failures, listener removal, honest reads after a clock jump).
 */
enum Broken implements UnaryOperator<CoordinationClient> {
  /** Every grant of a name carries the token of the name's first grant. */
  REPEATING_TOKENS(c -> LockMutants.locks(c, new ForwardingLocks(c.locks()) {
    @Override
    LockLease granted(LockLease lease) {
      FencingToken token = FIRST_TOKENS.computeIfAbsent(lease.name(), n -> lease.token());
      return new ForwardingLease(lease) {
        @Override
        public FencingToken token() {
          return token;
        }
      };
    }

    @Override
    public Optional<LockInfo> query(String name) {
      return delegate().query(name).map(i -> new LockInfo(i.name(), i.ownerId(), i.sessionId(),
          FIRST_TOKENS.getOrDefault(name, i.token())));
    }
  })),

  /** Ephemeral nodes are created persistent: they outlive their session. */
  IMMORTAL_EPHEMERALS(c -> StateMutants.state(c, new ForwardingState(c.state()) {
    @Override
    public String create(String path, byte[] data, CreateMode mode) {
      return delegate().create(path, data, immortal(mode));
    }

    @Override
    public String createWithParents(String path, byte[] data, CreateMode mode) {
      return delegate().createWithParents(path, data, immortal(mode));
    }

    private CreateMode immortal(CreateMode mode) {
      return mode.isSequential() ? CreateMode.PERSISTENT_SEQUENTIAL : CreateMode.PERSISTENT;
    }
  })),

  /** Every watch silently drops the second event it should deliver. */
  DROPPED_WATCH_EVENT(c -> StateMutants.state(c, new ForwardingState(c.state()) {
    @Override
    public Watch watch(String path, WatchScope scope, WatchListener listener) {
      AtomicInteger seen = new AtomicInteger();
      return delegate().watch(path, scope, event -> {
        if (seen.incrementAndGet() != 2) {
          listener.onEvent(event);
        }
      });
    }
  })),

  /** A transaction applies its operations one by one and stops at the first failure, keeping the ones before. */
  HALF_APPLIED_MULTI(c -> StateMutants.state(c, new ForwardingState(c.state()) {
    @Override
    public List<OpResult> multi(List<Op> ops) {
      List<OpResult> results = new ArrayList<>();
      for (int i = 0; i < ops.size(); i++) {
        try {
          results.add(applyOne(delegate(), ops.get(i)));
        } catch (CoordinationException e) {
          throw new TransactionFailedException(i, e);
        }
      }
      return results;
    }
  })),

  /** Reads are served from a cache filled by the first read of each path, and never refreshed. */
  STALE_READS(c -> StateMutants.state(c, new ForwardingState(c.state()) {
    private final Map<String, Optional<Node>> cache = new ConcurrentHashMap<>();

    @Override
    public Optional<Node> get(String path) {
      return cache.computeIfAbsent(path, delegate()::get);
    }
  })),

  /** A lock that is held is granted anyway: a second, phantom holder. */
  LOCK_GRANTED_TWICE(c -> LockMutants.locks(c, new ForwardingLocks(c.locks()) {
    @Override
    public Optional<LockLease> tryAcquire(String name) {
      Optional<LockLease> real = delegate().tryAcquire(name);
      return real.isPresent() ? real : phantom(delegate(), name);
    }

    @Override
    public Optional<LockLease> acquire(String name, Duration timeout) {
      return tryAcquire(name);
    }

    @Override
    public CompletableFuture<LockLease> acquireAsync(String name) {
      return CompletableFuture.completedFuture(tryAcquire(name).orElseThrow());
    }
  })),

  /** acquire with a timeout of zero or less joins the queue, returns empty if not granted at once, and stays queued. */
  ZERO_TIMEOUT_LEAVES_WAITER(c -> LockMutants.locks(c, new ForwardingLocks(c.locks()) {
    @Override
    public Optional<LockLease> acquire(String name, Duration timeout) {
      if (timeout.isZero() || timeout.isNegative()) {
        CompletableFuture<LockLease> queued = delegate().acquireAsync(name);
        return queued.isDone() && !queued.isCompletedExceptionally() ? Optional.of(queued.join()) : Optional.empty();
      }
      return delegate().acquire(name, timeout);
    }
  })),

  /** An interrupted acquire clears the interrupt: on entry it goes on as if nothing happened, while waiting it returns empty. */
  INTERRUPT_SWALLOWED(c -> LockMutants.locks(c, new ForwardingLocks(c.locks()) {
    @Override
    public Optional<LockLease> acquire(String name, Duration timeout) {
      Thread.interrupted();
      return emptyIfInterrupted(() -> delegate().acquire(name, timeout));
    }
  })),

  /** Waiters do not queue: they poll with tryAcquire, so a try right after a release barges past them. */
  POLLING_WAITERS(c -> LockMutants.locks(c, new ForwardingLocks(c.locks()) {
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
  })),

  /** The async multi runs on the caller's thread and throws a rejected transaction instead of failing the stage. */
  ASYNC_MULTI_THROWS(c -> StateMutants.state(c, new ForwardingState(c.state()) {
    @Override
    public AsyncMetaStateService async() {
      return new ForwardingAsync(this) {
        @Override
        public CompletionStage<List<OpResult>> multi(List<Op> ops) {
          return CompletableFuture.completedFuture(synchronous().multi(ops));
        }
      };
    }
  })),

  /** A lease keeps calling a listener after removeListener. */
  LEASE_LISTENER_NOT_REMOVED(c -> LeaseMutants.leases(c, lease -> new ForwardingLease(lease) {
    @Override
    public void removeListener(LeaseListener listener) {
      // ignored: the listener is still told
    }
  })),

  /**
   * The session and its leases read the state they were last moved to: after the clock jumped past the TTL they still
   * read CONNECTED and HELD until some I/O moves them.
   */
  BLIND_TO_CLOCK(c -> new ForwardingClient(c, new ClockBlindSession(c.session()), new ForwardingLocks(c.locks()) {
    @Override
    LockLease granted(LockLease lease) {
      return new ClockBlindLease(lease);
    }
  }, new ForwardingState(c.state())));

  /** Across clients: the first token of each name. */
  private static final Map<String, FencingToken> FIRST_TOKENS = new ConcurrentHashMap<>();

  private static final ScheduledExecutorService POLLER =
      Executors.newScheduledThreadPool(2, DaemonThreads.named("broken-poller"));

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

  private final UnaryOperator<CoordinationClient> broken;

  Broken(UnaryOperator<CoordinationClient> broken) {
    this.broken = broken;
  }

  @Override
  public CoordinationClient apply(CoordinationClient c) {
    return broken.apply(c);
  }

  /** The real client under a broken one, for the fixture's fault hooks. */
  static CoordinationClient unwrap(CoordinationClient client) {
    return client instanceof ForwardingClient f ? f.delegate() : client;
  }

  private static Optional<LockLease> phantom(DistributedLockService locks, String name) {
    FencingToken token = locks.query(name).map(LockInfo::token).orElse(new FencingToken(1));
    return Optional.of(new PhantomLease(name, locks.session().ownerId(), locks.session().id(), token));
  }

  private static OpResult applyOne(MetaStateService s, Op op) {
    if (op instanceof Op.Check check) {
      Stat stat = s.exists(check.path()).orElseThrow(() -> new NoNodeException(check.path()));
      if (check.expectedVersion() != Op.ANY_VERSION && stat.version() != check.expectedVersion()) {
        throw new BadVersionException(check.path(), check.expectedVersion());
      }
      return new OpResult.Checked(check.path());
    }
    if (op instanceof Op.Create create) {
      String path = s.create(create.path(), create.data(), create.mode());
      return new OpResult.Created(path, s.exists(path).orElseThrow());
    }
    if (op instanceof Op.Set set) {
      return new OpResult.Updated(set.path(), s.set(set.path(), set.data(), set.expectedVersion()));
    }
    if (op instanceof Op.Delete delete) {
      s.delete(delete.path(), delete.expectedVersion());
      return new OpResult.Deleted(delete.path());
    }
    LockLease lease = ((Op.LockHeld) op).lease();
    if (!lease.isHeld()) {
      throw new LeaseLostException(lease.name(), "lease is " + lease.state());
    }
    return new OpResult.Checked(null);
  }
}
