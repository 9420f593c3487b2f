package io.metastate.cli;

import io.metastate.CoordinationClient;
import io.metastate.lock.LockInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code locks [PREFIX]}: held locks with owner and token. */
@Command(name = "locks", mixinStandardHelpOptions = true, sortOptions = false,
    description = "List held locks whose name starts with PREFIX (default: all): name, owner, fencing token, session.",
    footerHeading = "%nExamples:%n",
    footer = {"  metastate locks", "  metastate locks -o json partitions/ | jq -r '.[].owner'"})
final class LocksCommand extends BackendCommand {
  @Parameters(index = "0", paramLabel = "PREFIX", arity = "0..1", defaultValue = "")
  String prefix;

  @Mixin
  Output output;

  LocksCommand(Io io) {
    super(io);
  }

  @Override
  int run(CoordinationClient client) {
    output.printAll(io.out(), client.locks().list(prefix), LocksCommand::json, LocksCommand::text);
    return ExitCodes.OK;
  }

  static String text(LockInfo info) {
    return info.name() + "  owner=" + info.ownerId() + "  token=" + info.token().value() + "  session="
        + Output.hex(info.sessionId());
  }

  static Map<String, Object> json(LockInfo info) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", info.name());
    m.put("owner", info.ownerId());
    m.put("token", info.token().value());
    m.put("session", info.sessionId());
    return m;
  }
}
