package io.metastate.state;

/** Receives the events of one watch, one at a time, in order. Must not block. */
@FunctionalInterface
public interface WatchListener {
  /** Called once per event. */
  void onEvent(WatchEvent event);
}
