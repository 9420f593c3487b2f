package io.metastate.cli;

import io.metastate.CoordinationClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code force-release NAME}: administrative release; the holder's lease turns LOST. */
@Command(name = "force-release", mixinStandardHelpOptions = true,
    description = {"Take a lock away from whoever holds it: the holder's lease turns LOST (a 'metastate lock'"
        + " holder sends its command SIGTERM). Fails (exit status 1) if nobody holds it."},
    footerHeading = "%nExamples:%n",
    footer = {"  metastate force-release jobs/nightly"})
final class ForceReleaseCommand extends BackendCommand {
  @Parameters(index = "0", paramLabel = "NAME")
  String name;

  ForceReleaseCommand(Io io) {
    super(io);
  }

  @Override
  int run(CoordinationClient client) {
    String holder = client.locks().query(name).map(LocksCommand::text).orElse(null);
    if (!client.locks().forceRelease(name)) {
      throw CliException.failed(name + " is not held");
    }
    io.out().println("released " + (holder == null ? name : holder));
    io.out().flush();
    return ExitCodes.OK;
  }
}
