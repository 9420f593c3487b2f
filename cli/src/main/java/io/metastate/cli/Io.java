package io.metastate.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where one run of the command reads and writes, and what it must clean up if the JVM is stopped under it (Ctrl-C,
 * SIGTERM): the client (so locks are released and ephemeral nodes deleted at once, not after the session TTL) and
 * any child command.
 *
 * @param inheritable whether {@link #out}, {@link #err} and {@link #in} are the process's own, so that a child
 *     command can use them directly (a terminal stays a terminal); otherwise its output is copied through them
 * @param onExit what to close if the JVM stops before the command ends, last registered first
 * @param stopping set once the JVM is stopping: what fails after that is the stop itself, not worth a message
 */
record Io(PrintStream out, PrintStream err, InputStream in, boolean inheritable, Deque<AutoCloseable> onExit,
    AtomicBoolean stopping) {
  /** The process's own streams. */
  static Io system() {
    return new Io(System.out, System.err, System.in, true, new ArrayDeque<>(), new AtomicBoolean());
  }

  /** Given streams (tests, embedding); child commands' output is copied through them. */
  static Io of(PrintStream out, PrintStream err, InputStream in) {
    return new Io(out, err, in, false, new ArrayDeque<>(), new AtomicBoolean());
  }

  /** Closes {@code resource} if the JVM is stopped before the command ends; the last registered closes first. */
  void closeOnExit(AutoCloseable resource) {
    synchronized (onExit) {
      onExit.push(resource);
    }
  }

  /** Whether the JVM is stopping (Ctrl-C, SIGTERM): the command ends because it was asked to. */
  boolean isStopping() {
    return stopping.get();
  }

  /** Runs the exit hooks (from the JVM's shutdown hook); a failing one does not stop the others. */
  void runExitHooks() {
    stopping.set(true);
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
