package io.metastate.cli;

/** The exit statuses of {@code metastate}; commands that run a child command pass its status through otherwise. */
final class ExitCodes {
  /** Success. */
  static final int OK = 0;
  /** The operation failed (missing node, lock not acquired, backend unreachable...): the reason is on stderr. */
  static final int FAILED = 1;
  /** Bad usage: unknown command or option, bad path, bad configuration. */
  static final int USAGE = 2;
  /**
   * {@code lock} and {@code elect}: the lock or leadership was lost while the command ran; it was sent SIGTERM.
   * EX_TEMPFAIL of sysexits.h: the work was cut short, trying again later may succeed.
   */
  static final int LEASE_LOST = 75;
  /** The child command could not be started (not found, not executable), as shells report it. */
  static final int CANNOT_RUN = 127;

  private ExitCodes() {}
}
