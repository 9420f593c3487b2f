package io.metastate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;

/** POSIX signals to a process of this test run (a server or a child JVM), through {@code kill}. */
public final class Signals {
  private Signals() {}

  /** Sends {@code signal} ({@code STOP}, {@code CONT}, ...) to {@code pid}; fails if {@code kill} does. */
  public static void send(long pid, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted sending SIG" + signal + " to " + pid, e);
    }
  }
}
