package io.metastate.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where one run of the command reads and writes, and what it must clean up if the JVM is stopped under it (Ctrl-C,
 * SIGTERM): the client (so locks are released and ephemeral nodes deleted at once, not after the session TTL) and
 * any child command.
 *
 * @param inheritable whether {@link #out}, {@link #err} and {@link #in} are the process's own, so that a child
 *     command can use them directly (a terminal stays a terminal); otherwise its output is copied through them
 */
record Io(PrintStream out, PrintStream err, InputStream in, boolean inheritable, Deque<AutoCloseable> onExit) {
  /** The process's own streams. */
  static Io system() {
    return new Io(System.out, System.err, System.in, true, new ArrayDeque<>());
  }

  /** Given streams (tests, embedding); child commands' output is copied through them. */
  static Io of(PrintStream out, PrintStream err, InputStream in) {
    return new Io(out, err, in, false, new ArrayDeque<>());
  }

  /** Closes {@code resource} if the JVM is stopped before the command ends; the last registered closes first. */
  void closeOnExit(AutoCloseable resource) {
    synchronized (onExit) {
      onExit.push(resource);
    }
  }

  /** Runs the exit hooks (from the JVM's shutdown hook); a failing one does not stop the others. */
  void runExitHooks() {
    while (true) {
      AutoCloseable next;
      synchronized (onExit) {
        next = onExit.poll();
      }
      if (next == null) {
        return;
      }
      try {
        next.close();
      } catch (Exception | Error ignored) {
        // best effort while the JVM stops: the session's TTL ends whatever this could not
      }
    }
  }
}
