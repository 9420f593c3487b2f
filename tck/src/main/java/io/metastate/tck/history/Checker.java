package io.metastate.tck.history;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether a history is linearizable with respect to a {@link Model}: whether every operation can be given
 * one instant between its call and its return such that, in that order, the model allows every output.
 *
 * <p>The search is Wing and Gong's, with Lowe's memoization: a configuration (the set of operations linearized so
 * far, and the model state they produced) that was explored once is never explored again. As in Porcupine, the
 * history is first split by key, and each key's sub-history is checked on its own, which keeps each search small.
 */
public final class Checker {
  /** Explored configurations per key before the checker gives up (and reports the history as too large). */
  static final long DEFAULT_BUDGET = 2_000_000;

  private Checker() {}

  /** Checks {@code operations} against {@code model}, key by key. */
  public static <S, I, O> CheckResult check(Model<S, I, O> model, List<Operation<I, O>> operations) {
    return check(model, operations, DEFAULT_BUDGET);
  }

  static <S, I, O> CheckResult check(Model<S, I, O> model, List<Operation<I, O>> operations, long budget) {
    Map<String, List<Operation<I, O>>> byKey = new LinkedHashMap<>();
    operations.stream().sorted(Comparator.comparingLong(Operation::call))
        .forEach(op -> byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op));
    List<CheckResult.Failure> failures = new ArrayList<>();
    for (Map.Entry<String, List<Operation<I, O>>> partition : byKey.entrySet()) {
      CheckResult.Failure failure = new Search<>(model, partition.getKey(), partition.getValue(), budget).run();
      if (failure != null) {
        failures.add(failure);
      }
    }
    return new CheckResult(model.name(), operations.size(), byKey.size(), failures);
  }

  /** One key's search over a doubly linked list of call and return entries, ordered by time. */
  private static final class Search<S, I, O> {
    private final Model<S, I, O> model;
    private final String key;
    private final List<Operation<I, O>> ops;
    private final long budget;
    private final Entry head = new Entry(-1, true, Long.MIN_VALUE);

    Search(Model<S, I, O> model, String key, List<Operation<I, O>> ops, long budget) {
      this.model = model;
      this.key = key;
      this.ops = ops;
      this.budget = budget;
      List<Entry> entries = new ArrayList<>();
      for (int i = 0; i < ops.size(); i++) {
        Entry call = new Entry(i, true, ops.get(i).call());
        Entry ret = new Entry(i, false, ops.get(i).ret());
        call.match = ret;
        entries.add(call);
        entries.add(ret);
      }
      // On equal times a call sorts first: the two operations then overlap, which only widens the choice.
      entries.sort(Comparator.comparingLong((Entry e) -> e.time).thenComparing(e -> e.call ? 0 : 1));
      Entry prev = head;
      for (Entry e : entries) {
        prev.next = e;
        e.prev = prev;
        prev = e;
      }
    }

    /** Returns null if linearizable, else a description of the failure. */
    CheckResult.Failure run() {
      record Frame<S>(Entry call, S stateBefore) {}
      Set<Configuration<S>> seen = new HashSet<>();
      List<Frame<S>> stack = new ArrayList<>();
      BitSet linearized = new BitSet(ops.size());
      S state = model.initial();
      List<Integer> best = List.of();
      S bestState = state;
      long explored = 0;
      Entry entry = head.next;
      while (head.next != null) {
        if (++explored > budget) {
          return failure("the search gave up after " + budget + " steps; record a smaller history", best, bestState);
        }
        if (entry.call) {
          Operation<I, O> op = ops.get(entry.id);
          S next = model.step(state, op.input(), op.output());
          if (next != null) {
            BitSet after = (BitSet) linearized.clone();
            after.set(entry.id);
            if (seen.add(new Configuration<>(after, next))) {
              stack.add(new Frame<>(entry, state));
              state = next;
              linearized.set(entry.id);
              entry.lift();
              if (stack.size() > best.size()) {
                best = stack.stream().map(f -> f.call().id).toList();
                bestState = state;
              }
              entry = head.next;
              continue;
            }
          }
          entry = entry.next;
        } else {
          // A return was reached while its call is still pending: nothing before it fits, so backtrack.
          if (stack.isEmpty()) {
            return failure("no order of the operations satisfies the model (" + explored + " search steps)", best,
                bestState);
          }
          Frame<S> top = stack.remove(stack.size() - 1);
          state = top.stateBefore();
          linearized.clear(top.call().id);
          top.call().unlift();
          entry = top.call().next;
        }
      }
      return null;
    }

    private CheckResult.Failure failure(String why, List<Integer> best, S stateAfterBest) {
      return new CheckResult.Failure(key, why, ops, best, String.valueOf(stateAfterBest));
    }
  }

  private record Configuration<S>(BitSet linearized, S state) {}

  private static final class Entry {
    final int id;
    final boolean call;
    final long time;
    Entry match;
    Entry prev;
    Entry next;

    Entry(int id, boolean call, long time) {
      this.id = id;
      this.call = call;
      this.time = time;
    }

    /** Takes this call and its return out of the list. */
    void lift() {
      prev.next = next;
      next.prev = prev;
      match.prev.next = match.next;
      if (match.next != null) {
        match.next.prev = match.prev;
      }
    }

    /** Puts them back, in the reverse order of {@link #lift()}. */
    void unlift() {
      match.prev.next = match;
      if (match.next != null) {
        match.next.prev = match;
      }
      prev.next = this;
      next.prev = this;
    }
  }
}
