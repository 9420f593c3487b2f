package io.metastate.samples.metaserver.balance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** The Crossfire rule: a joining node takes half of the busiest node's partitions, primaries first. */
final class GreedyBalancer implements Balancer {
  @Override
  public SortedMap<Integer, Placement> balance(SortedMap<Integer, Placement> current, List<String> live,
      int replicas) {
    SortedMap<Integer, Placement> out = Placements.repair(current, live, replicas);
    for (String joiner : live) {
      Map<String, Integer> primaries = Placements.primaries(out, live);
      if (primaries.get(joiner) > 0) {
        continue;
      }
      String busiest = live.stream()
          .max(Comparator.comparing((String n) -> primaries.get(n)).thenComparing(Comparator.reverseOrder()))
          .orElseThrow();
      int move = primaries.get(busiest) / 2;
      // Partitions the joiner already follows move first: a role switch, nothing to copy.
      List<Integer> candidates = new ArrayList<>();
      out.forEach((p, pl) -> {
        if (busiest.equals(pl.primary()) && pl.secondaries().contains(joiner)) {
          candidates.add(p);
        }
      });
      out.forEach((p, pl) -> {
        if (busiest.equals(pl.primary()) && !candidates.contains(p)) {
          candidates.add(p);
        }
      });
      for (int p : candidates.subList(0, move)) {
        Placement pl = out.get(p);
        List<String> secondaries = new ArrayList<>(pl.secondaries());
        secondaries.remove(joiner);
        secondaries.add(0, busiest);
        while (secondaries.size() > Math.max(0, replicas - 1)) {
          secondaries.remove(secondaries.size() - 1);
        }
        out.put(p, new Placement(joiner, secondaries));
      }
    }
    return out;
  }
}
