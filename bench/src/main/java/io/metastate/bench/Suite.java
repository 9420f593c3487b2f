package io.metastate.bench;

/**
 * One benchmark suite, run by {@link Main} under the name its table gives it. A suite measures metastate and, in the
 * same run, the raw client it is built on, and prints ratio lines with {@link Harness#ratio}.
 */
public interface Suite {
  /** Runs every measurement of the suite; throwing ends the run with a non-zero exit code. */
  void run(Harness harness) throws Exception;
}
