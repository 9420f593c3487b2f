package io.metastate.cli;

import io.metastate.error.ConfigurationException;
import io.metastate.error.CoordinationException;
import io.metastate.error.InvalidPathException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into one line on stderr ({@code metastate get: no node at /a}) and an exit status: 2 for bad
 * usage (unknown command or option, bad path, bad configuration, unknown provider), 1 for an operation that failed.
 * The stack trace only with {@code --verbose}.
 */
final class Failures implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
  private final Io io;

  Failures(Io io) {
    this.io = io;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cli = ex.getCommandLine();
    String where = cli.getCommandSpec().qualifiedName();
    String message = firstLine(ex.getMessage());
    if (ex instanceof UnmatchedArgumentException unmatched && cli.getParent() == null
        && !unmatched.getUnmatched().isEmpty() && !unmatched.getUnmatched().get(0).startsWith("-")) {
      message = "unknown command '" + unmatched.getUnmatched().get(0) + "'; the commands are "
          + String.join(", ", cli.getSubcommands().keySet());
    }
    PrintWriter err = cli.getErr();
    err.println(where + ": " + message + " (see '" + where + " --help')");
    if (Main.isVerbose(args)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parsed) {
    if (io.isStopping() && !verbose(parsed)) {
      return ExitCodes.FAILED; // Ctrl-C closed the client under the command: that is the stop, not a failure to report
    }
    int status;
    String message;
    if (ex instanceof CliException e) {
      status = e.exitCode();
      message = e.getMessage();
    } else if (ex instanceof InvalidPathException || ex instanceof ConfigurationException) {
      status = ExitCodes.USAGE;
      message = ex.getMessage();
    } else if (ex instanceof CoordinationException) {
      status = ExitCodes.FAILED;
      message = ex.getMessage();
    } else if (ex instanceof UncheckedIOException || ex instanceof IOException) {
      status = ExitCodes.FAILED;
      message = ex instanceof UncheckedIOException u ? describe(u.getCause()) : describe(ex);
    } else {
      status = ExitCodes.FAILED;
      message = describe(ex) + " (unexpected; --verbose shows where)";
    }
    PrintWriter err = cli.getErr();
    err.println(cli.getCommandSpec().qualifiedName() + ": " + firstLine(message));
    if (verbose(parsed)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return status;
  }

  private static String describe(Throwable t) {
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  private static boolean verbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** Messages stay on one line: a multi-line one is joined, so stderr has exactly one line per failure. */
  static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "failed (no message)";
    }
    return message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
