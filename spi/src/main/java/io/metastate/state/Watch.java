package io.metastate.state;

/**
 * A registered, persistent watch. It delivers events until closed or until its session ends. A watch whose client
 * was closed, or whose session expired, is told nothing more. [WATCH-2]
 */
public interface Watch extends AutoCloseable {
  /** The watched path. A watch reports the path and scope it was registered with. [WATCH-4] */
  String path();

  /** What the watch covers. */
  WatchScope scope();

  /**
   * Stops delivery; idempotent. After close returns, no event of a later change is delivered, and closing again does
   * nothing. [WATCH-3] Events already being delivered may still arrive.
   */
  @Override
  void close();
}
