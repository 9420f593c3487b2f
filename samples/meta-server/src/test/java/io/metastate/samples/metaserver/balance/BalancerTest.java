package io.metastate.samples.metaserver.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Balancers")
class BalancerTest {
  /** a: 6 primaries, b: 4, c: 2; each partition's secondary is the next node. */
  private static SortedMap<Integer, Placement> uneven() {
    SortedMap<Integer, Placement> m = new TreeMap<>();
    String[] owners = {"a", "a", "a", "a", "a", "a", "b", "b", "b", "b", "c", "c"};
    for (int p = 0; p < owners.length; p++) {
      String secondary = owners[p].equals("a") ? "b" : owners[p].equals("b") ? "c" : "a";
      m.put(p, new Placement(owners[p], List.of(secondary)));
    }
    return m;
  }

  private static Map<String, Integer> primaries(SortedMap<Integer, Placement> m, List<String> live) {
    return Placements.primaries(m, live);
  }

  @Test
  @DisplayName("greedy: a joining node takes half of the busiest node's primaries, and nothing else moves")
  void greedyJoinTakesHalfOfBusiest() {
    List<String> live = List.of("a", "b", "c", "d");
    SortedMap<Integer, Placement> before = uneven();
    SortedMap<Integer, Placement> after = Balancer.greedy().balance(before, live, 2);

    assertThat(primaries(after, live)).containsEntry("d", 3).containsEntry("a", 3).containsEntry("b", 4)
        .containsEntry("c", 2);
    after.forEach((p, pl) -> {
      if (!before.get(p).primary().equals("a")) {
        assertThat(pl.primary()).as("partition %d", p).isEqualTo(before.get(p).primary());
      }
      assertThat(pl.secondaries()).hasSize(1).doesNotContain(pl.primary());
    });
  }

  @Test
  @DisplayName("greedy: partitions the joiner already follows move first (a role switch, no copy)")
  void greedyPrefersPromotion() {
    SortedMap<Integer, Placement> before = uneven();
    before.put(4, new Placement("a", List.of("d")));
    before.put(5, new Placement("a", List.of("d")));
    List<String> live = List.of("a", "b", "c", "d");
    SortedMap<Integer, Placement> after = Balancer.greedy().balance(before, live, 2);

    assertThat(after.get(4)).isEqualTo(new Placement("d", List.of("a")));
    assertThat(after.get(5)).isEqualTo(new Placement("d", List.of("a")));
    assertThat(primaries(after, live)).containsEntry("d", 3);
  }

  @Test
  @DisplayName("simple: a joining node gets no primaries; greedy gives the first joiner half of everything")
  void simpleKeepsPlacement() {
    List<String> live = List.of("a", "b", "c", "d");
    assertThat(primaries(Balancer.simple().balance(uneven(), live, 2), live)).containsEntry("d", 0);

    SortedMap<Integer, Placement> fresh = new TreeMap<>();
    for (int p = 0; p < 16; p++) {
      fresh.put(p, Placement.none());
    }
    SortedMap<Integer, Placement> one = Balancer.greedy().balance(fresh, List.of("a"), 2);
    assertThat(primaries(one, List.of("a"))).containsEntry("a", 16);
    SortedMap<Integer, Placement> two = Balancer.greedy().balance(one, List.of("a", "b"), 2);
    assertThat(primaries(two, List.of("a", "b"))).containsEntry("a", 8).containsEntry("b", 8);
  }

  @Test
  @DisplayName("a dead primary's partitions are promoted to their live secondary, and a new secondary is chosen")
  void deadPrimaryPromotesSecondary() {
    for (Balancer b : List.of(Balancer.simple(), Balancer.greedy())) {
      List<String> live = List.of("b", "c");
      SortedMap<Integer, Placement> after = b.balance(uneven(), live, 2);
      List<Integer> wereA = new ArrayList<>();
      uneven().forEach((p, pl) -> {
        if (pl.primary().equals("a")) {
          wereA.add(p);
        }
      });
      wereA.forEach(p -> assertThat(after.get(p).primary()).as("partition %d", p).isEqualTo("b"));
      after.values().forEach(pl -> {
        assertThat(pl.involves("a")).isFalse();
        assertThat(pl.secondaries()).hasSize(1);
      });
    }
  }

  @Test
  @DisplayName("with no live node every partition is left without a primary")
  void noLiveNodes() {
    SortedMap<Integer, Placement> after = Balancer.greedy().balance(uneven(), List.of(), 2);
    assertThat(after.values()).allSatisfy(pl -> assertThat(pl).isEqualTo(Placement.none()));
  }
}
