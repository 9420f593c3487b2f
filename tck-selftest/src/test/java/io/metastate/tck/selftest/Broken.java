package io.metastate.tck.selftest;

import io.metastate.CoordinationClient;
import io.metastate.error.CoordinationException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.NoNodeException;
import io.metastate.error.BadVersionException;
import io.metastate.error.TransactionFailedException;
import io.metastate.lock.DistributedLockService;
import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** Deliberately broken providers: the local-file provider behind a decorator that breaks one promise. */
enum Broken implements UnaryOperator<CoordinationClient> {
  /** Every grant of a name carries the token of the name's first grant. */
  REPEATING_TOKENS {
    @Override
    public CoordinationClient apply(CoordinationClient c) {
      Map<String, FencingToken> first = FIRST_TOKENS;
      return new ForwardingClient(c, new ForwardingLocks(c.locks()) {
        @Override
        LockLease granted(LockLease lease) {
          FencingToken token = first.computeIfAbsent(lease.name(), n -> lease.token());
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
              first.getOrDefault(name, i.token())));
        }
      }, new ForwardingState(c.state()));
    }
  },

  /** Ephemeral nodes are created persistent: they outlive their session. */
  IMMORTAL_EPHEMERALS {
    @Override
    public CoordinationClient apply(CoordinationClient c) {
      return new ForwardingClient(c, new ForwardingLocks(c.locks()), new ForwardingState(c.state()) {
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
      });
    }
  },

  /** Every watch silently drops the second event it should deliver. */
  DROPPED_WATCH_EVENT {
    @Override
    public CoordinationClient apply(CoordinationClient c) {
      return new ForwardingClient(c, new ForwardingLocks(c.locks()), new ForwardingState(c.state()) {
        @Override
        public Watch watch(String path, WatchScope scope, WatchListener listener) {
          AtomicInteger seen = new AtomicInteger();
          return delegate().watch(path, scope, event -> {
            if (seen.incrementAndGet() != 2) {
              listener.onEvent(event);
            }
          });
        }
      });
    }
  },

  /** A transaction applies its operations one by one and stops at the first failure, keeping the ones before. */
  HALF_APPLIED_MULTI {
    @Override
    public CoordinationClient apply(CoordinationClient c) {
      return new ForwardingClient(c, new ForwardingLocks(c.locks()), new ForwardingState(c.state()) {
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
      });
    }
  },

  /** Reads are served from a cache filled by the first read of each path, and never refreshed. */
  STALE_READS {
    @Override
    public CoordinationClient apply(CoordinationClient c) {
      Map<String, Optional<Node>> cache = new ConcurrentHashMap<>();
      return new ForwardingClient(c, new ForwardingLocks(c.locks()), new ForwardingState(c.state()) {
        @Override
        public Optional<Node> get(String path) {
          return cache.computeIfAbsent(path, delegate()::get);
        }
      });
    }
  },

  /** A lock that is held is granted anyway: a second, phantom holder. */
  LOCK_GRANTED_TWICE {
    @Override
    public CoordinationClient apply(CoordinationClient c) {
      return new ForwardingClient(c, new ForwardingLocks(c.locks()) {
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
      }, new ForwardingState(c.state()));
    }
  };

  private static final Map<String, FencingToken> FIRST_TOKENS = new ConcurrentHashMap<>();

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

  /** A lease that was never granted by the backend. */
  private static final class PhantomLease implements LockLease {
    private final String name;
    private final String owner;
    private final long session;
    private final FencingToken token;
    private volatile LeaseState state = LeaseState.HELD;

    PhantomLease(String name, String owner, long session, FencingToken token) {
      this.name = name;
      this.owner = owner;
      this.session = session;
      this.token = token;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String ownerId() {
      return owner;
    }

    @Override
    public long sessionId() {
      return session;
    }

    @Override
    public FencingToken token() {
      return token;
    }

    @Override
    public LeaseState state() {
      return state;
    }

    @Override
    public void addListener(io.metastate.lock.LeaseListener listener) {}

    @Override
    public void removeListener(io.metastate.lock.LeaseListener listener) {}

    @Override
    public void release() {
      state = LeaseState.RELEASED;
    }
  }
}
