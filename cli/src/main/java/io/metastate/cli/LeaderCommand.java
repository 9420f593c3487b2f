package io.metastate.cli;

import io.metastate.CoordinationClient;
import io.metastate.recipes.election.LeaderInfo;
import io.metastate.recipes.election.LeaderObserver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code leader NAME}: the current leader of an election, as it published itself. */
@Command(name = "leader", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Show the current leader of the election NAME: owner, epoch (token), session, metadata.",
        "No leader prints 'NAME has no leader' (json: null) and exits 0."},
    footerHeading = "%nExamples:%n",
    footer = {"  metastate leader meta-servers", "  metastate leader -o json meta-servers | jq -r .metadata"})
final class LeaderCommand extends BackendCommand {
  @Parameters(index = "0", paramLabel = "NAME")
  String name;

  @Mixin
  Output output;

  LeaderCommand(Io io) {
    super(io);
  }

  @Override
  int run(CoordinationClient client) {
    Optional<LeaderInfo> leader;
    try (LeaderObserver observer = LeaderObserver.open(client, name)) {
      leader = observer.leader();
    }
    output.printOne(io.out(), leader, LeaderCommand::json, l -> name + "  owner=" + l.ownerId() + "  token="
        + l.token().value() + "  session=" + Output.hex(l.sessionId()) + "  metadata=" + new String(l.metadata(),
        java.nio.charset.StandardCharsets.UTF_8), name + " has no leader");
    return ExitCodes.OK;
  }

  private static Map<String, Object> json(LeaderInfo info) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("election", info.electionName());
    m.put("owner", info.ownerId());
    m.put("token", info.token().value());
    m.put("session", info.sessionId());
    m.put("metadata", GetCommand.text(info.metadata()));
    return m;
  }
}
