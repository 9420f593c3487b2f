package io.metastate.cli;

import io.metastate.CoordinationClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * A subcommand that talks to the configured backend: opens one client, runs, closes it (releasing whatever the run
 * left: locks, ephemeral nodes). Subclasses implement {@link #run(CoordinationClient)}.
 */
abstract class BackendCommand implements Callable<Integer> {
  @Mixin
  BackendOptions backend;

  @ParentCommand
  MetastateCommand top;

  final Io io;

  BackendCommand(Io io) {
    this.io = io;
  }

  /** The backend options of the top command with this subcommand's over them. */
  BackendOptions options() {
    return top == null ? backend : top.backend.overriddenBy(backend);
  }

  @Override
  public final Integer call() throws InterruptedException {
    try (CoordinationClient client = options().open(io)) {
      return run(client);
    }
  }

  /** Does the work; returns the exit status. Failures are thrown (see {@link Failures}). */
  abstract int run(CoordinationClient client) throws InterruptedException;
}
