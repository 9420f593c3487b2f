package io.metastate.tck.selftest;

import io.metastate.CoordinationClient;
import io.metastate.error.LeaseLostException;
import io.metastate.error.TransactionFailedException;
import io.metastate.state.AsyncMetaStateService;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.NodePath;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import io.metastate.state.Stat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Mutants of the OP (multi-op) and ASYNC promises. */
final class OpMutants {
  private OpMutants() {}

  /** A client whose multi is {@code multi(real service, ops)}. */
  static CoordinationClient multi(CoordinationClient c, java.util.function.BiFunction<MetaStateService, List<Op>,
      List<OpResult>> multi) {
    return StateMutants.state(c, new ForwardingState(c.state()) {
      @Override
      public List<OpResult> multi(List<Op> ops) {
        return multi.apply(delegate(), ops.stream().map(ForwardingState::unwrapLease).toList());
      }
    });
  }

  /** Runs {@code ops} without the ones {@code skip} matches, reporting those as passed checks. */
  private static List<OpResult> without(MetaStateService s, List<Op> ops, Function<Op, Boolean> skip) {
    List<Op> kept = ops.stream().filter(op -> !skip.apply(op)).toList();
    List<OpResult> applied = kept.isEmpty() ? List.of() : s.multi(kept);
    List<OpResult> out = new ArrayList<>();
    int next = 0;
    for (Op op : ops) {
      out.add(skip.apply(op) ? new OpResult.Checked(op.path()) : applied.get(next++));
    }
    return out;
  }

  /** A client whose async view is {@code async(the decorated sync service)}. */
  static CoordinationClient async(CoordinationClient c, Function<MetaStateService, AsyncMetaStateService> async) {
    return StateMutants.state(c, new ForwardingState(c.state()) {
      @Override
      public AsyncMetaStateService async() {
        return async.apply(this);
      }
    });
  }

  static List<Mutant> all() {
    List<Mutant> m = new ArrayList<>();
    m.add(new Mutant("OP-1", "a transaction applies its operations one by one and keeps those before a failure",
        Broken.HALF_APPLIED_MULTI));
    m.add(new Mutant("OP-2", "results come in reverse order", c -> multi(c, (s, ops) -> {
      List<OpResult> r = new ArrayList<>(s.multi(ops));
      Collections.reverse(r);
      return r;
    })));
    m.add(new Mutant("OP-3", "creates are applied after every other operation", c -> multi(c, (s, ops) -> {
      List<Op> sorted = ops.stream().sorted(Comparator.comparing(op -> op instanceof Op.Create)).toList();
      List<OpResult> r = s.multi(sorted);
      List<OpResult> out = new ArrayList<>();
      ops.forEach(op -> out.add(r.get(sorted.indexOf(op))));
      return out;
    })));
    m.add(new Mutant("OP-4", "the failing operation's index is off by one", c -> multi(c, (s, ops) -> {
      try {
        return s.multi(ops);
      } catch (TransactionFailedException e) {
        throw new TransactionFailedException(e.failedOpIndex() + 1, e.reason());
      }
    })));
    m.add(new Mutant("OP-5", "a check with ANY_VERSION always passes", c -> multi(c, (s, ops) ->
        without(s, ops, op -> op instanceof Op.Check check && check.expectedVersion() == Op.ANY_VERSION))));
    m.add(new Mutant("OP-6", "a sequential create's result names the path without its suffix", c -> multi(c, (s, ops) -> {
      List<OpResult> r = new ArrayList<>(s.multi(ops));
      for (int i = 0; i < ops.size(); i++) {
        if (ops.get(i) instanceof Op.Create create && create.mode().isSequential()) {
          r.set(i, new OpResult.Created(create.path(), ((OpResult.Created) r.get(i)).stat()));
        }
      }
      return r;
    })));
    m.add(new Mutant("OP-7", "set and delete in a transaction ignore the expected version", c -> multi(c, (s, ops) ->
        s.multi(ops.stream().map(op -> op instanceof Op.Set set ? Op.set(set.path(), set.data(), Op.ANY_VERSION)
            : op instanceof Op.Delete d ? Op.delete(d.path(), Op.ANY_VERSION) : op).toList()))));
    m.add(new Mutant("OP-8", "a lock check always fails", c -> multi(c, (s, ops) -> {
      for (int i = 0; i < ops.size(); i++) {
        if (ops.get(i) instanceof Op.LockHeld held) {
          throw new TransactionFailedException(i, new LeaseLostException(held.lease().name(), "mutant"));
        }
      }
      return s.multi(ops);
    })));
    m.add(new Mutant("OP-9", "a lock check always passes", c -> multi(c, (s, ops) ->
        without(s, ops, op -> op instanceof Op.LockHeld))));
    m.add(new Mutant("ASYNC-1", "async get reads nothing", c -> async(c, sync -> new ForwardingAsync(sync) {
      @Override
      public CompletionStage<Optional<Node>> get(String path) {
        return super.get(path).thenApply(n -> Optional.empty());
      }
    })));
    m.add(new Mutant("ASYNC-2", "an async call with a malformed path throws instead of failing its stage", c ->
        async(c, sync -> new ForwardingAsync(sync) {
          @Override
          public CompletionStage<Optional<Node>> get(String path) {
            NodePath.of(path);
            return super.get(path);
          }
        })));
    m.add(new Mutant("ASYNC-3", "every other async create in flight is dropped", c -> {
      AtomicInteger calls = new AtomicInteger();
      return async(c, sync -> new ForwardingAsync(sync) {
        @Override
        public CompletionStage<String> create(String path, byte[] data, CreateMode mode) {
          return calls.incrementAndGet() % 2 == 0 ? CompletableFuture.completedFuture(path)
              : super.create(path, data, mode);
        }
      });
    }));
    m.add(new Mutant("ASYNC-4", "synchronous() returns a view that reads every node as present", c ->
        async(c, sync -> new ForwardingAsync(sync) {
          @Override
          public MetaStateService synchronous() {
            return new ForwardingState(sync) {
              @Override
              public Optional<Stat> exists(String path) {
                return Optional.of(new Stat(0, 1, 1, Stat.NO_OWNER));
              }
            };
          }
        })));
    return m;
  }
}
