package io.metastate.tck.selftest;

import io.metastate.CoordinationClient;
import io.metastate.error.BadVersionException;
import io.metastate.error.CoordinationException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.NoNodeException;
import io.metastate.error.NodeExistsException;
import io.metastate.error.NotEmptyException;
import io.metastate.error.TransactionFailedException;
import io.metastate.lock.LeaseListener;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;
import io.metastate.session.SessionListener;
import io.metastate.state.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Mutants of the kit's own promises (FAULT, and the SPI promises its clock and interrupt contracts verify): timeouts,
 * interrupts, fairness, every op kind, session ends, honest reads after a clock jump. The wire promises need a network
 * and stay in {@link Mutants#NOT_MUTABLE}.
 */
final class FaultMutants {
  private FaultMutants() {}

  /** A multi whose rejection at an op {@code at} matches is reported with {@code reason} instead of the real one. */
  private static CoordinationClient misreported(CoordinationClient c, Function<Op, Boolean> at,
      Class<? extends CoordinationException> real, Function<Op, CoordinationException> reason) {
    return OpMutants.multi(c, (s, ops) -> {
      try {
        return s.multi(ops);
      } catch (TransactionFailedException e) {
        Op failed = ops.get(e.failedOpIndex());
        if (at.apply(failed) && real.isInstance(e.reason())) {
          throw new TransactionFailedException(e.failedOpIndex(), reason.apply(failed));
        }
        throw e;
      }
    });
  }

  static List<Mutant> all() {
    List<Mutant> m = new ArrayList<>();
    m.add(new Mutant("LOCK-9", "an interrupted acquire clears the interrupt and goes on, or returns empty",
        Broken.INTERRUPT_SWALLOWED));
    m.add(new Mutant("SESSION-11", "the session reads the state it was last moved to, blind to the clock", c ->
        new ForwardingClient(c, new ClockBlindSession(c.session()), c.locks(), c.state())));
    m.add(new Mutant("LEASE-4", "a lease reads the state it was last moved to, blind to the clock", c ->
        LeaseMutants.leases(c, ClockBlindLease::new)));
    m.add(new Mutant("FAULT-8", "session and leases read CONNECTED and HELD after the clock jumped past the TTL",
        Broken.BLIND_TO_CLOCK));
    m.add(new Mutant("FAULT-9", "a lease of an expired session reads UNCERTAIN, never LOST", c ->
        LeaseMutants.leases(c, l -> new ForwardingLease(l) {
          @Override
          public LeaseState state() {
            LeaseState s = delegate.state();
            return s == LeaseState.LOST ? LeaseState.UNCERTAIN : s;
          }
        })));
    m.add(new Mutant("FAULT-10", "acquire with a timeout of zero or less returns empty even for a free lock", c ->
        LockMutants.locks(c, new ForwardingLocks(c.locks()) {
          @Override
          public Optional<LockLease> acquire(String name, Duration timeout) {
            return timeout.isZero() || timeout.isNegative() ? Optional.empty() : super.acquire(name, timeout);
          }
        })));
    m.add(new Mutant("FAULT-11", "acquire(0) joins the queue and stays there", Broken.ZERO_TIMEOUT_LEAVES_WAITER));
    m.add(new Mutant("FAULT-12", "an acquire clears an interrupt flag set on entry and goes on", c ->
        LockMutants.locks(c, new ForwardingLocks(c.locks()) {
          @Override
          public Optional<LockLease> acquire(String name, Duration timeout) {
            Thread.interrupted();
            return super.acquire(name, timeout);
          }
        })));
    m.add(new Mutant("FAULT-13", "an acquire interrupted while waiting returns empty, flag cleared", c ->
        LockMutants.locks(c, new ForwardingLocks(c.locks()) {
          @Override
          public Optional<LockLease> acquire(String name, Duration timeout) {
            return Broken.emptyIfInterrupted(() -> super.acquire(name, timeout));
          }
        })));
    m.add(new Mutant("FAULT-14", "waiters poll instead of queueing, so a try barges past them", Broken.POLLING_WAITERS));
    m.add(new Mutant("FAULT-15", "acquireAsync returns before joining the queue, and joins late", c ->
        LockMutants.locks(c, new ForwardingLocks(c.locks()) {
          @Override
          public CompletableFuture<LockLease> acquireAsync(String name) {
            CompletableFuture<LockLease> out = new CompletableFuture<>();
            LockMutants.LATER.schedule(() -> {
              try {
                delegate().acquireAsync(name).whenComplete((l, e) -> {
                  if (e != null) {
                    out.completeExceptionally(e);
                  } else if (!out.complete(l)) {
                    l.release();
                  }
                });
              } catch (CoordinationException e) {
                out.completeExceptionally(e);
              }
            }, 50, java.util.concurrent.TimeUnit.MILLISECONDS);
            return out;
          }
        })));
    m.add(new Mutant("FAULT-16", "a check op of a missing node is rejected as BadVersion, not NoNode", c ->
        misreported(c, op -> op instanceof Op.Check, NoNodeException.class,
            op -> new BadVersionException(op.path(), 0))));
    m.add(new Mutant("FAULT-17", "a create op of an existing node is rejected as NoNode, not NodeExists", c ->
        misreported(c, op -> op instanceof Op.Create, NodeExistsException.class, op -> new NoNodeException(op.path()))));
    m.add(new Mutant("FAULT-18", "a set op with a stale version is rejected as NoNode, not BadVersion", c ->
        misreported(c, op -> op instanceof Op.Set, BadVersionException.class, op -> new NoNodeException(op.path()))));
    m.add(new Mutant("FAULT-19", "a delete op of a node with children is rejected as BadVersion, not NotEmpty", c ->
        misreported(c, op -> op instanceof Op.Delete, NotEmptyException.class,
            op -> new BadVersionException(op.path(), 0))));
    m.add(new Mutant("FAULT-20", "a failed lock-check op is rejected as BadVersion, not LeaseLost", c ->
        misreported(c, op -> op instanceof Op.LockHeld, LeaseLostException.class,
            op -> new BadVersionException("/", 0))));
    m.add(new Mutant("FAULT-21", "the async multi throws a rejection instead of failing its stage",
        Broken.ASYNC_MULTI_THROWS));
    m.add(new Mutant("FAULT-22", "lease listeners are told the end of a lease twice", c ->
        LeaseMutants.leases(c, l -> new ForwardingLease(l) {
          @Override
          public void addListener(LeaseListener listener) {
            super.addListener((lease, from, to) -> {
              listener.stateChanged(lease, from, to);
              if (to.isTerminal()) {
                listener.stateChanged(lease, from, to);
              }
            });
          }
        })));
    m.add(new Mutant("FAULT-23", "a force-release takes every lock of the holder's session, not just the one named", c ->
        LockMutants.locks(c, new ForwardingLocks(c.locks()) {
          @Override
          public boolean forceRelease(String name) {
            Optional<LockInfo> holder = delegate().query(name);
            boolean removed = delegate().forceRelease(name);
            holder.ifPresent(h -> delegate().list("").stream().filter(i -> i.sessionId() == h.sessionId())
                .forEach(i -> delegate().forceRelease(i.name())));
            return removed;
          }
        })));
    m.add(new Mutant("FAULT-24", "a waiter whose session ends is never told: its future stays pending", c ->
        LockMutants.locks(c, new ForwardingLocks(c.locks()) {
          @Override
          public CompletableFuture<LockLease> acquireAsync(String name) {
            CompletableFuture<LockLease> real = delegate().acquireAsync(name);
            CompletableFuture<LockLease> out = new CompletableFuture<>();
            real.thenAccept(out::complete);
            out.whenComplete((l, e) -> {
              if (out.isCancelled()) {
                real.cancel(true);
              }
            });
            return out;
          }
        })));
    m.add(new Mutant("FAULT-25", "a session listener added twice is told every transition twice", c ->
        SessionMutants.session(c, s -> new ForwardingSession(s) {
          @Override
          public void addListener(SessionListener listener) {
            delegate.addListener((x, from, to) -> listener.stateChanged(this, from, to));
          }
        })));
    m.add(new Mutant("FAULT-26", "a lease keeps calling a listener after removeListener", Broken.LEASE_LISTENER_NOT_REMOVED));
    return m;
  }
}
