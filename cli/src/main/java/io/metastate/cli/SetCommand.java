package io.metastate.cli;

import io.metastate.CoordinationClient;
import io.metastate.state.Stat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code set PATH VALUE [--version N]}: prints the node's new version. */
@Command(name = "set", sortOptions = false,
    description = {"Replace a node's data and print its new version.",
        "With --version N, only if the node is still at version N (compare-and-set); otherwise fails."},
    footerHeading = "%nExamples:%n",
    footer = {"  metastate set /apps/billing/config 'max=20'",
        "  metastate set --version 3 /apps/billing/config --file config.txt"})
final class SetCommand extends BackendCommand {
  @Parameters(index = "0", paramLabel = "PATH")
  String path;

  @Parameters(index = "1", paramLabel = "VALUE", arity = "0..1", description = "The data as UTF-8 text.")
  String value;

  @Mixin
  ExpectedVersion version;

  @Mixin
  ValueInput input;

  SetCommand(Io io) {
    super(io);
  }

  @Override
  int run(CoordinationClient client) {
    long expected = version.orAny();
    byte[] data = input.bytes(io, value, true);
    Stat stat = client.state().set(path, data, expected);
    io.out().println(stat.version());
    io.out().flush();
    return ExitCodes.OK;
  }
}
