package io.metastate.state;

/** A registered, persistent watch. It delivers events until closed or until its session ends. */
public interface Watch extends AutoCloseable {
  /** The watched path. */
  String path();

  /** What the watch covers. */
  WatchScope scope();

  /** Stops delivery; idempotent. Events already being delivered may still arrive. */
  @Override
  void close();
}
