package io.metastate.tck;

import io.metastate.state.WatchEvent;
import io.metastate.state.WatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A watch listener that keeps every event it is told, in delivery order. */
final class EventLog implements WatchListener {
  private final List<WatchEvent> events = new ArrayList<>();

  @Override
  public synchronized void onEvent(WatchEvent event) {
    events.add(event);
  }

  synchronized List<WatchEvent> events() {
    return new ArrayList<>(events);
  }

  synchronized boolean hasRevision(long revision) {
    return events.stream().anyMatch(e -> e.revision() == revision && e.type() != WatchEvent.Type.RESYNC);
  }

  synchronized boolean has(WatchEvent.Type type, String path) {
    return events.stream().anyMatch(e -> e.type() == type && e.path().equals(path));
  }

  synchronized String describe() {
    return events.stream().map(e -> e.type() + " " + e.path() + " @" + e.revision())
        .collect(Collectors.joining("\n  ", "[\n  ", "\n]"));
  }
}
