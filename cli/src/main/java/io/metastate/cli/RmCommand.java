package io.metastate.cli;

import io.metastate.CoordinationClient;
import io.metastate.error.NotEmptyException;
import io.metastate.state.MetaStateService;
import picocli.CommandLine.Command;
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
  // --version N is the expected node version here (as in zkCli), so only --help of the standard options.
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Parameters(index = "0", paramLabel = "PATH")
  String path;

  @Option(names = {"-R", "--recursive"}, description = "Also delete everything below PATH (not atomic).")
  boolean recursive;

  @Option(names = "--version", paramLabel = "N", description = "Expected current version (default: any).")
  Long version;

  RmCommand(Io io) {
    super(io);
  }

  @Override
  int run(CoordinationClient client) {
    if (recursive && version != null) {
      throw CliException.usage("--version applies to one node; it cannot be combined with -R");
    }
    if (version != null && version < 0) {
      throw CliException.usage("--version must be >= 0, was " + version);
    }
    if (recursive) {
      client.state().deleteRecursive(path);
    } else {
      try {
        client.state().delete(path, version == null ? MetaStateService.ANY_VERSION : version);
      } catch (NotEmptyException e) {
        throw CliException.failed(path + " has children; 'rm -R " + path + "' deletes them too");
      }
    }
    return ExitCodes.OK;
  }
}
