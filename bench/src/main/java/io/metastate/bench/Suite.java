package io.metastate.bench;

/**
 * One benchmark suite, run by {@link Main} under its {@link #name()}. A suite measures metastate and, in the same
 * run, the raw client it is built on, and prints ratio lines with {@link Harness#ratio}.
 */
public abstract class Suite {
  private final String name;
  private final String description;

  /**
   * @param name the subcommand that runs this suite, e.g. {@code localfile}
   * @param description one line for the usage text
   */
  protected Suite(String name, String description) {
    this.name = name;
    this.description = description;
  }

  /** The subcommand that runs this suite, e.g. {@code localfile}. */
  public final String name() {
    return name;
  }

  /** One line for the usage text. */
  public final String description() {
    return description;
  }

  /** Runs every measurement of the suite; throwing ends the run with a non-zero exit code. */
  public abstract void run(Harness harness) throws Exception;
}
