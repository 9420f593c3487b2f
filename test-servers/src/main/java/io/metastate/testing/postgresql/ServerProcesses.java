package io.metastate.testing.postgresql;

import io.metastate.testing.Signals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** The processes of one running server, the postmaster and every process it started, and signals to them. */
final class ServerProcesses {
  private final Process postmaster;

  private ServerProcesses(Process postmaster) {
    this.postmaster = postmaster;
  }

  static ServerProcesses of(Process postmaster) {
    return new ServerProcesses(postmaster);
  }

  /** SIGSTOP to every process, the postmaster first; returns once all of them are stopped. */
  void pause() {
    Signals.sendAll("STOP", pids(true));
    awaitStopped();
  }

  /** SIGCONT to every process, the postmaster last. */
  void resume() {
    Signals.sendAll("CONT", pids(false));
  }

  /**
   * SIGSTOP takes effect asynchronously, and a backend may have been forked just before the postmaster stopped:
   * returns once every process of the server reads stopped in {@code /proc}, so a paused server answers nothing.
   */
  private void awaitStopped() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    for (List<Long> running = running(); !running.isEmpty(); running = running()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("PostgreSQL processes " + running + " did not stop");
      }
      Signals.sendAll("STOP", running);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /** The server's processes that are not stopped (state {@code T}) yet. */
  private List<Long> running() {
    return pids(false).stream().filter(pid -> {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2) != 'T';
      } catch (IOException gone) {
        return false; // exited: nothing of it runs
      }
    }).toList();
  }

  /** The postmaster and its backends; the postmaster first when stopping, so that it forks nothing meanwhile. */
  List<Long> pids(boolean postmasterFirst) {
    List<Long> children = new ArrayList<>(postmaster.toHandle().descendants().map(ProcessHandle::pid).toList());
    if (postmasterFirst) {
      children.add(0, postmaster.pid());
    } else {
      children.add(postmaster.pid());
    }
    return children;
  }
}
