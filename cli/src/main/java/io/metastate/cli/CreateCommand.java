package io.metastate.cli;

import io.metastate.CoordinationClient;
import io.metastate.state.CreateMode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code create [--ephemeral|--sequential] PATH [VALUE]}: prints the created path. */
@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Create a node (persistent unless --ephemeral) and print its path (sequential: the actual name).",
        "The parent must exist unless --parents. An ephemeral node lives as long as this command: use it with"
            + " --hold to keep it until Ctrl-C."},
    footerHeading = "%nExamples:%n",
    footer = {"  metastate create /apps/billing/config 'max=10'", "  metastate create --parents /a/b/c",
        "  metastate create --sequential /queue/job- --file job.json",
        "  metastate create --ephemeral --hold /members/worker-1"})
final class CreateCommand extends BackendCommand {
  @Parameters(index = "0", paramLabel = "PATH")
  String path;

  @Parameters(index = "1", paramLabel = "VALUE", arity = "0..1", description = "The data as UTF-8 text (default"
      + " empty).")
  String value;

  @ArgGroup(exclusive = true)
  Kind kind = new Kind();

  @Option(names = "--parents", description = "Create missing ancestors as empty persistent nodes.")
  boolean parents;

  @Option(names = "--hold", description = "Keep the session (and an ephemeral node) until Ctrl-C.")
  boolean hold;

  @Mixin
  ValueInput input;

  /** At most one of the modes. */
  static final class Kind {
    @Option(names = {"-e", "--ephemeral"}, description = "Deleted when this command's session ends.")
    boolean ephemeral;

    @Option(names = {"-s", "--sequential"}, description = "Append a 10-digit counter to the name.")
    boolean sequential;

    @Option(names = "--ephemeral-sequential", description = "Both.")
    boolean both;
  }

  CreateCommand(Io io) {
    super(io);
  }

  @Override
  int run(CoordinationClient client) throws InterruptedException {
    byte[] data = input.bytes(io, value, false);
    CreateMode mode = kind.both ? CreateMode.EPHEMERAL_SEQUENTIAL : kind.ephemeral ? CreateMode.EPHEMERAL
        : kind.sequential ? CreateMode.PERSISTENT_SEQUENTIAL : CreateMode.PERSISTENT;
    String created = parents ? client.state().createWithParents(path, data, mode)
        : client.state().create(path, data, mode);
    io.out().println(created);
    io.out().flush();
    if (hold) {
      Holding.untilStopped(client);
    }
    return ExitCodes.OK;
  }
}
