package io.metastate.cli;

/**
 * A failure the command reports as one line on stderr, with the exit status it carries. Thrown by commands for
 * conditions they detect themselves (a missing node on {@code get}, a lock not acquired, bad arguments).
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** Bad usage: exit status 2. */
  static CliException usage(String message) {
    return new CliException(ExitCodes.USAGE, message);
  }

  /** The operation failed: exit status 1. */
  static CliException failed(String message) {
    return new CliException(ExitCodes.FAILED, message);
  }

  int exitCode() {
    return exitCode;
  }
}
