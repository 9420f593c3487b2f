package io.metastate.bench;

/**
 * One benchmark suite, run by {@link Main} under its {@link #name()}. A suite measures metastate and, in the same
 * run, the raw client it is built on, and prints ratio lines with {@link Harness#ratio}.
 */
public interface Suite {
  /** The subcommand that runs this suite, e.g. {@code localfile}. */
  String name();

  /** One line for the usage text. */
  String description();

  /** Runs every measurement of the suite; throwing ends the run with a non-zero exit code. */
  void run(Harness harness) throws Exception;
}
