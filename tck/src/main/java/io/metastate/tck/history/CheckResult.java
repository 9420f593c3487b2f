package io.metastate.tck.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The verdict of a {@link Checker}: linearizable, or, per failing key, a readable account of the history and of the
 * longest order that the model accepted.
 *
 * @param model the model's name
 * @param operations how many operations were checked
 * @param keys into how many independent keys they fell
 * @param failures the keys whose sub-history is not linearizable
 */
public record CheckResult(String model, int operations, int keys, List<Failure> failures) {
  public CheckResult {
    failures = List.copyOf(failures);
  }

  /** Whether every key's history is linearizable. */
  public boolean linearizable() {
    return failures.isEmpty();
  }

  /** A multi-line account, for an assertion message. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    out.append(model).append(": ").append(operations).append(" operations on ").append(keys).append(" keys: ")
        .append(linearizable() ? "linearizable" : "NOT linearizable on " + failures.size() + " key(s)");
    failures.forEach(f -> out.append("\n").append(f.describe()));
    return out.toString();
  }

  @Override
  public String toString() {
    return describe();
  }

  /**
   * One key whose history is not linearizable.
   *
   * @param key the key
   * @param why what the search concluded
   * @param operations the key's operations
   * @param longestPrefix indices (into {@code operations}) of the longest sequence the model accepted, in order
   * @param stateAfterPrefix the model state after that sequence
   */
  public record Failure(String key, String why, List<? extends Operation<?, ?>> operations, List<Integer> longestPrefix,
      String stateAfterPrefix) {
    public Failure {
      operations = List.copyOf(operations);
      longestPrefix = List.copyOf(longestPrefix);
    }

    /** The history as a timeline (times in ms from the first call), marking where the search got stuck. */
    public String describe() {
      long origin = operations.stream().mapToLong(Operation::call).min().orElse(0);
      StringBuilder out = new StringBuilder();
      out.append("key ").append(key).append(": ").append(why).append("\n");
      out.append("  the longest order the model accepts has ").append(longestPrefix.size()).append(" of ")
          .append(operations.size()).append(" operations; after it the state is ").append(stateAfterPrefix).append("\n");
      Set<Integer> placed = new TreeSet<>(longestPrefix);
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < operations.size(); i++) {
        order.add(i);
      }
      order.sort(Comparator.comparingLong(i -> operations.get(i).call()));
      out.append("  client  called..returned (ms)   operation -> result   [position in that order]\n");
      for (int i : order) {
        Operation<?, ?> op = operations.get(i);
        String ret = op.unknown() ? "unknown" : String.format("%.3f", (op.ret() - origin) / 1e6);
        int position = longestPrefix.indexOf(i);
        out.append(String.format("  c%-5d %9.3f..%-9s  %s -> %s   %s%n", op.client(), (op.call() - origin) / 1e6, ret,
            op.input(), op.unknown() ? "(outcome unknown)" : op.output(),
            placed.contains(i) ? "[" + (position + 1) + "]" : "[cannot be placed next]"));
      }
      return out.toString();
    }
  }
}
