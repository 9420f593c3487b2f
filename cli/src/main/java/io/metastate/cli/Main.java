package io.metastate.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/**
 * The {@code metastate} command line ({@code java -jar metastate.jar}, or {@code bin/metastate}). Exit status 0 on
 * success, 1 when the operation failed, 2 on bad usage; see {@link ExitCodes}.
 */
public final class Main {
  private Main() {}

  /** Runs one command and exits with its status. */
  public static void main(String[] args) {
    quietLibraries(isVerbose(args));
    Io io = Io.system();
    // Ctrl-C or SIGTERM: release locks and delete ephemeral nodes now, stop a child command; not after the TTL.
    Runtime.getRuntime().addShutdownHook(new Thread(io::runExitHooks, "metastate-exit"));
    int status = run(args, io);
    System.out.flush();
    System.exit(status);
  }

  /** Runs one command on the given streams and returns its exit status (tests, embedding). */
  public static int run(String[] args, PrintStream out, PrintStream err, InputStream in) {
    return run(args, Io.of(out, err, in));
  }

  static int run(String[] args, Io io) {
    CommandLine cli = commandLine(io);
    try {
      return cli.execute(args);
    } finally {
      io.out().flush();
      io.err().flush();
    }
  }

  static CommandLine commandLine(Io io) {
    CommandLine cli = new CommandLine(MetastateCommand.class, new CommandFactory(io));
    Failures failures = new Failures(io);
    cli.setOut(new PrintWriter(io.out(), true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(io.err(), true, StandardCharsets.UTF_8));
    cli.setParameterExceptionHandler(failures);
    cli.setExecutionExceptionHandler(failures);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setUsageHelpAutoWidth(true);
    return cli;
  }

  static boolean isVerbose(String[] args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return false;
      }
      if (arg.equals("-v") || arg.equals("--verbose")) {
        return true;
      }
    }
    return false;
  }

  // stderr carries the command's own one-line errors; the client libraries speak only when asked to (--verbose).
  private static void quietLibraries(boolean verbose) {
    if (verbose) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    } else {
      Logger.getLogger("").setLevel(Level.OFF);
      for (String name : List.of("io.grpc", "io.netty", "io.etcd")) {
        Logger.getLogger(name).setLevel(Level.OFF);
      }
    }
  }
}
