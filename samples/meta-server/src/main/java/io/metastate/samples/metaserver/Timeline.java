package io.metastate.samples.metaserver;

import io.metastate.samples.metaserver.Records.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What the leader saw happen, newest last: nodes joining and declared dead, partitions moving (old → new epoch),
 * rebalances, failovers with their measured duration, leadership. Bounded: the status page shows the recent past,
 * the log keeps the rest. Times are wall-clock milliseconds, for display only.
 */
final class Timeline {
  static final int CAPACITY = 200;

  private final Deque<Event> events = new ArrayDeque<>();
  private long seq;

  synchronized Event add(String kind, String node, Integer partition, String text, Long failoverMillis) {
    Event e = new Event(++seq, System.currentTimeMillis(), kind, node, partition, text, failoverMillis);
    events.addLast(e);
    if (events.size() > CAPACITY) {
      events.removeFirst();
    }
    return e;
  }

  synchronized Event add(String kind, String node, String text) {
    return add(kind, node, null, text, null);
  }

  /** The events kept, oldest first. */
  synchronized List<Event> events() {
    return new ArrayList<>(events);
  }
}
