package io.metastate.tck.selftest;

import io.metastate.CoordinationClient;
import io.metastate.error.CoordinationException;
import io.metastate.error.InvalidPathException;
import io.metastate.error.LockAlreadyHeldException;
import io.metastate.error.SessionExpiredException;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import io.metastate.provider.support.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Mutants of the LOCK promises (and the lock-name LIMIT promises). */
final class LockMutants {
  private LockMutants() {}

  static final ScheduledExecutorService LATER = DaemonThreads.timer("mutant-later");
  private static final Map<String, Long> RELEASED_AT = new ConcurrentHashMap<>();
  /** Across clients, so that later callers join sooner. */
  private static final AtomicInteger ASYNC_CALLS = new AtomicInteger();

  static CoordinationClient locks(CoordinationClient c, ForwardingLocks locks) {
    return new ForwardingClient(c, locks, new ForwardingState(c.state()));
  }

  /** A client whose tryAcquire answers with {@code instead} where the real one throws {@code thrown}. */
  static <E extends RuntimeException> CoordinationClient tryAcquireOn(CoordinationClient c, Class<E> thrown,
      Function<String, Optional<LockLease>> instead) {
    return locks(c, new ForwardingLocks(c.locks()) {
      @Override
      public Optional<LockLease> tryAcquire(String name) {
        return HiddenError.answerGet(() -> super.tryAcquire(name), thrown, () -> instead.apply(name));
      }
    });
  }

  static List<Mutant> all() {
    List<Mutant> m = new ArrayList<>();
    m.add(new Mutant("LOCK-1", "a held lock is granted again to a phantom holder", Broken.LOCK_GRANTED_TWICE));
    m.add(new Mutant("LOCK-2", "asking again for an own lock returns empty instead of failing",
        c -> tryAcquireOn(c, LockAlreadyHeldException.class, name -> Optional.empty())));
    m.add(new Mutant("LOCK-3", "acquireAsync joins the queue late, later calls sooner (LIFO)", c ->
        locks(c, new ForwardingLocks(c.locks()) {
          @Override
          public CompletableFuture<LockLease> acquireAsync(String name) {
            io.metastate.lock.LockNames.validate(name);
            long delay = 400 - 80L * (ASYNC_CALLS.getAndIncrement() % 5);
            CompletableFuture<LockLease> out = new CompletableFuture<>();
            LATER.schedule(() -> super.acquireAsync(name).whenComplete((l, e) -> {
              if (e != null) {
                out.completeExceptionally(e);
              } else if (!out.complete(l)) {
                l.release();
              }
            }), delay, TimeUnit.MILLISECONDS);
            return out;
          }
        })));
    m.add(new Mutant("LOCK-4", "waiters poll every 500 ms instead of being notified", c ->
        locks(c, new ForwardingLocks(c.locks()) {
          @Override
          public CompletableFuture<LockLease> acquireAsync(String name) {
            CompletableFuture<LockLease> out = new CompletableFuture<>();
            poll(name, out);
            return out;
          }

          private void poll(String name, CompletableFuture<LockLease> out) {
            if (out.isDone()) {
              return;
            }
            try {
              Optional<LockLease> got = tryAcquire(name);
              if (got.isPresent()) {
                if (!out.complete(got.get())) {
                  got.get().release();
                }
                return;
              }
            } catch (RuntimeException e) {
              out.completeExceptionally(e);
              return;
            }
            LATER.schedule(() -> poll(name, out), 500, TimeUnit.MILLISECONDS);
          }
        })));
    m.add(new Mutant("LOCK-5", "tryAcquire right after a release steals the lock from the waiter", c ->
        locks(c, new ForwardingLocks(c.locks()) {
          @Override
          LockLease granted(LockLease lease) {
            return new ForwardingLease(lease) {
              @Override
              public void release() {
                super.release();
                RELEASED_AT.put(name(), System.nanoTime());
              }
            };
          }

          @Override
          public Optional<LockLease> tryAcquire(String name) {
            Optional<LockLease> got = super.tryAcquire(name);
            Long releasedAt = RELEASED_AT.get(name);
            if (got.isEmpty() && releasedAt != null && System.nanoTime() - releasedAt < 200_000_000L) {
              delegate().forceRelease(name);
              return super.tryAcquire(name);
            }
            return got;
          }
        })));
    m.add(new Mutant("LOCK-6", "a timed-out acquire leaves its waiter queued", c ->
        locks(c, new ForwardingLocks(c.locks()) {
          @Override
          public Optional<LockLease> acquire(String name, Duration timeout) {
            CompletableFuture<LockLease> waiter = delegate().acquireAsync(name);
            try {
              return Optional.of(waiter.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)).map(this::granted);
            } catch (java.util.concurrent.TimeoutException e) {
              return Optional.empty(); // the waiter stays in the queue
            } catch (Exception e) {
              throw new CoordinationException("acquire failed", false, e);
            }
          }
        })));
    m.add(new Mutant("LOCK-7", "contention is an exception, not an empty Optional", c ->
        locks(c, new ForwardingLocks(c.locks()) {
          @Override
          public Optional<LockLease> tryAcquire(String name) {
            return Optional.of(super.tryAcquire(name).orElseThrow(() -> new CoordinationException("busy", true)));
          }
        })));
    m.add(new Mutant("LOCK-8", "a zero or negative timeout never tries", c ->
        locks(c, new ForwardingLocks(c.locks()) {
          @Override
          public Optional<LockLease> acquire(String name, Duration timeout) {
            return timeout.isNegative() || timeout.isZero() ? Optional.empty() : super.acquire(name, timeout);
          }
        })));
    m.add(new Mutant("LOCK-10", "a waiter whose session expires gets empty instead of SessionExpiredException", c ->
        locks(c, new ForwardingLocks(c.locks()) {
          @Override
          public Optional<LockLease> acquire(String name, Duration timeout) {
            return HiddenError.answer(() -> super.acquire(name, timeout), SessionExpiredException.class,
                Optional.empty());
          }
        })));
    m.add(new Mutant("LOCK-11", "acquireAsync of a held lock fails instead of waiting", c ->
        locks(c, new ForwardingLocks(c.locks()) {
          @Override
          public CompletableFuture<LockLease> acquireAsync(String name) {
            CompletableFuture<LockLease> real = super.acquireAsync(name);
            if (real.isDone()) {
              return real;
            }
            real.cancel(true);
            return CompletableFuture.failedFuture(new CoordinationException("busy", true));
          }
        })));
    m.add(new Mutant("LOCK-12", "a waiter whose session ends never completes", c ->
        locks(c, new ForwardingLocks(c.locks()) {
          @Override
          public CompletableFuture<LockLease> acquireAsync(String name) {
            CompletableFuture<LockLease> out = new CompletableFuture<>();
            super.acquireAsync(name).thenAccept(out::complete);
            return out;
          }
        })));
    m.add(new Mutant("LOCK-13", "cancelling acquireAsync does not withdraw the waiter, whose grant then leaks", c ->
        locks(c, new ForwardingLocks(c.locks()) {
          @Override
          public CompletableFuture<LockLease> acquireAsync(String name) {
            return delegate().acquireAsync(name).thenApply(this::granted);
          }
        })));
    m.add(new Mutant("LOCK-14", "query reports every lock free", c ->
        locks(c, new ForwardingLocks(c.locks()) {
          @Override
          public Optional<LockInfo> query(String name) {
            super.query(name);
            return Optional.empty();
          }
        })));
    m.add(new Mutant("LOCK-15", "list sorts by name in reverse", c ->
        locks(c, new ForwardingLocks(c.locks()) {
          @Override
          public List<LockInfo> list(String prefix) {
            return super.list(prefix).stream().sorted(Comparator.comparing(LockInfo::name).reversed()).toList();
          }
        })));
    m.add(new Mutant("LOCK-16", "forceRelease says it removed the holder but does nothing", c ->
        locks(c, new ForwardingLocks(c.locks()) {
          @Override
          public boolean forceRelease(String name) {
            return super.query(name).isPresent();
          }
        })));
    m.add(new Mutant("LOCK-17", "forceRelease of a free lock returns true", c ->
        locks(c, new ForwardingLocks(c.locks()) {
          @Override
          public boolean forceRelease(String name) {
            super.forceRelease(name);
            return true;
          }
        })));
    m.add(new Mutant("LOCK-18", "a fresh grant reads UNCERTAIN",
        c -> LeaseMutants.reads(c, io.metastate.lock.LeaseState.HELD, io.metastate.lock.LeaseState.UNCERTAIN)));
    m.add(new Mutant("LOCK-19", "every grant of a name carries its first token", Broken.REPEATING_TOKENS));
    m.add(new Mutant("LIMIT-1", "malformed lock names are not rejected: tryAcquire returns empty",
        c -> tryAcquireOn(c, InvalidPathException.class, name -> Optional.empty())));
    m.add(new Mutant("LIMIT-2", "a malformed list prefix is not rejected", c ->
        locks(c, new ForwardingLocks(c.locks()) {
          @Override
          public List<LockInfo> list(String prefix) {
            return HiddenError.answer(() -> super.list(prefix), InvalidPathException.class, List.of());
          }
        })));
    m.add(new Mutant("ERROR-3", "LockAlreadyHeldException names another lock",
        c -> tryAcquireOn(c, LockAlreadyHeldException.class, name -> {
          throw new LockAlreadyHeldException("some-other-lock");
        })));
    return m;
  }
}
