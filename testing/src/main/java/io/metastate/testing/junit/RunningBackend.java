package io.metastate.testing.junit;

import java.util.Map;

/** A started backend as {@link MetaStateBackend} drives it: the client settings, and the fault hooks per member. */
interface RunningBackend extends AutoCloseable {
  BackendMode mode();

  /** One line for the test log: what runs where, e.g. "etcd 1 member via Testcontainers (image ...)". */
  String description();

  /** The client settings ({@code metastate.provider}, endpoints or directory). */
  Map<String, String> settings();

  /** Number of members (1 for a single server or the local file). */
  int size();

  void pause(int member);

  void resume(int member);

  void kill(int member);

  /** Starts a killed member again on the same address with the same data; waits until it serves. */
  void restart(int member);

  boolean isRunning(int member);

  @Override
  void close();

  /** The error for a fault hook the backend cannot do, naming the mode and what to use instead. */
  static UnsupportedOperationException noFaults(BackendMode mode, String hook) {
    return new UnsupportedOperationException("cannot " + hook + " a backend in mode " + mode
        + ": fault hooks need servers this JVM started (Testcontainers or a local process)");
  }
}
