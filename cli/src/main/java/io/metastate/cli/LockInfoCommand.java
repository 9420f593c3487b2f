package io.metastate.cli;

import io.metastate.CoordinationClient;
import io.metastate.lock.LockInfo;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code lock-info NAME}: who holds a lock. */
@Command(name = "lock-info", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Show who holds a lock: owner, fencing token, session.",
        "A free lock prints 'NAME is free' (json: null) and exits 0."},
    footerHeading = "%nExamples:%n",
    footer = {"  metastate lock-info jobs/nightly", "  metastate lock-info -o json jobs/nightly | jq .token"})
final class LockInfoCommand extends BackendCommand {
  @Parameters(index = "0", paramLabel = "NAME")
  String name;

  @Mixin
  Output output;

  LockInfoCommand(Io io) {
    super(io);
  }

  @Override
  int run(CoordinationClient client) {
    Optional<LockInfo> holder = client.locks().query(name);
    output.printOne(io.out(), holder, LocksCommand::json, LocksCommand::text, name + " is free");
    return ExitCodes.OK;
  }
}
