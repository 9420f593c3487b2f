package io.metastate.tck.recipes;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference model of a lock space: live requests in arrival order; a request is granted iff no earlier live
 * request conflicts with it (FIFO among conflicting requests, so readers never overtake a waiting writer).
 * Written independently of the implementation: plain lists, intervals compared by hand.
 */
final class IntervalModel {
  /** One live request: {@code actor}'s, for {@code [from, to)} ({@code null}: unbounded), a write or a read. */
  record Entry(int id, int actor, String from, String to, boolean write) {
    boolean overlaps(Entry o) {
      boolean startsBeforeOtherEnds = from == null || o.to == null || from.compareTo(o.to) < 0;
      boolean otherStartsBeforeThisEnds = o.from == null || to == null || o.from.compareTo(to) < 0;
      return startsBeforeOtherEnds && otherStartsBeforeThisEnds;
    }

    boolean conflicts(Entry o) {
      return (write || o.write) && overlaps(o);
    }

    @Override
    public String toString() {
      return "#" + id + "(actor " + actor + ", " + (write ? "W" : "R") + " [" + from + ", " + to + "))";
    }
  }

  private final List<Entry> live = new ArrayList<>();

  /** Whether the actor already has a live request that conflicts with {@code e} (the implementation refuses it). */
  boolean recursive(Entry e) {
    return live.stream().anyMatch(o -> o.actor() == e.actor() && o.conflicts(e));
  }

  /** Whether {@code e}, arriving now, would be granted at once. */
  boolean grantableNow(Entry e) {
    return live.stream().noneMatch(o -> o.conflicts(e));
  }

  void add(Entry e) {
    live.add(e);
  }

  void remove(int id) {
    live.removeIf(e -> e.id() == id);
  }

  List<Entry> live() {
    return List.copyOf(live);
  }

  /** The ids the model says are granted now. */
  List<Integer> granted() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < live.size(); i++) {
      boolean blocked = false;
      for (int j = 0; j < i && !blocked; j++) {
        blocked = live.get(j).conflicts(live.get(i));
      }
      if (!blocked) {
        out.add(live.get(i).id());
      }
    }
    return out;
  }
}
