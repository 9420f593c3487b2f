package io.metastate.cli;

import io.metastate.CoordinationClient;
import io.metastate.error.NotEmptyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rm [-R] PATH [--version N]}. */
@Command(name = "rm", sortOptions = false,
    description = {"Delete a node: a childless one, or with -R the node and everything below it.",
        "A missing node fails (exit status 1)."},
    footerHeading = "%nExamples:%n",
    footer = {"  metastate rm /apps/billing/config", "  metastate rm --version 4 /apps/billing/config",
        "  metastate rm -R /apps/old"})
final class RmCommand extends BackendCommand {
  @Parameters(index = "0", paramLabel = "PATH")
  String path;

  @Option(names = {"-R", "--recursive"}, description = "Also delete everything below PATH (not atomic).")
  boolean recursive;

  @Mixin
  ExpectedVersion version;

  RmCommand(Io io) {
    super(io);
  }

  @Override
  int run(CoordinationClient client) {
    if (recursive && version.given()) {
      throw CliException.usage("--version applies to one node; it cannot be combined with -R");
    }
    if (recursive) {
      client.state().deleteRecursive(path);
    } else {
      try {
        client.state().delete(path, version.orAny());
      } catch (NotEmptyException e) {
        throw CliException.failed(path + " has children; 'rm -R " + path + "' deletes them too");
      }
    }
    return ExitCodes.OK;
  }
}
