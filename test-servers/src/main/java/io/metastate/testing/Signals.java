package io.metastate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** POSIX signals to a process of this test run (a server or a child JVM), through {@code kill}. */
public final class Signals {
  private Signals() {}

  /**
   * Sends {@code signal} to every one of {@code pids} with one {@code kill}, best effort: a process that exited
   * meanwhile (a server's backend, say) fails only its own pid, not the others'.
   */
  public static void sendAll(String signal, List<Long> pids) {
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    pids.forEach(p -> command.add(Long.toString(p)));
    try {
      new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot send SIG" + signal + " to " + pids, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

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
