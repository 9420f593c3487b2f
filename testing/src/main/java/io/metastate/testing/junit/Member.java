package io.metastate.testing.junit;

/** One server of a backend this JVM started, as the fault hooks reach it. */
interface Member {
  void pause();

  void resume();

  void kill();

  /** Starts the killed member again on the same address with the same data; waits until it serves. */
  void restart();

  boolean isRunning();
}
