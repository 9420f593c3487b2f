package io.metastate.samples.metaserver.balance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Shared placement arithmetic: repairing dead nodes and counting load. */
final class Placements {
  private Placements() {}

  static SortedMap<Integer, Placement> repair(SortedMap<Integer, Placement> current, List<String> live,
      int replicas) {
    SortedMap<Integer, Placement> out = new TreeMap<>();
    // First keep every live node where it is, so load counts reflect what stays.
    current.forEach((p, pl) -> out.put(p, new Placement(
        pl.primary() != null && live.contains(pl.primary()) ? pl.primary() : null,
        pl.secondaries().stream().filter(live::contains).toList())));
    if (live.isEmpty()) {
      return out;
    }
    for (Map.Entry<Integer, Placement> e : out.entrySet()) {
      Placement pl = e.getValue();
      String primary = pl.primary();
      List<String> secondaries = new ArrayList<>(pl.secondaries());
      if (primary == null) {
        primary = secondaries.isEmpty() ? leastLoaded(out, live, List.of(), true) : secondaries.remove(0);
      }
      e.setValue(new Placement(primary, secondaries));
      while (secondaries.size() < Math.min(replicas - 1, live.size() - 1)) {
        List<String> taken = new ArrayList<>(secondaries);
        taken.add(primary);
        secondaries.add(leastLoaded(out, live, taken, false));
        e.setValue(new Placement(primary, secondaries));
      }
    }
    return out;
  }

  static Map<String, Integer> primaries(Map<Integer, Placement> placements, List<String> live) {
    Map<String, Integer> count = new HashMap<>();
    live.forEach(n -> count.put(n, 0));
    placements.values().forEach(pl -> {
      if (pl.primary() != null) {
        count.merge(pl.primary(), 1, Integer::sum);
      }
    });
    return count;
  }

  private static String leastLoaded(Map<Integer, Placement> placements, List<String> live, List<String> exclude,
      boolean primariesOnly) {
    Map<String, Integer> load = new HashMap<>();
    live.forEach(n -> load.put(n, 0));
    placements.values().forEach(pl -> {
      if (pl.primary() != null) {
        load.merge(pl.primary(), 1, Integer::sum);
      }
      if (!primariesOnly) {
        pl.secondaries().forEach(s -> load.merge(s, 1, Integer::sum));
      }
    });
    return live.stream().filter(n -> !exclude.contains(n))
        .min(Comparator.comparing((String n) -> load.get(n)).thenComparing(n -> n))
        .orElseThrow();
  }
}
