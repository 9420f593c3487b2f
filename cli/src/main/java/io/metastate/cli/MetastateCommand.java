package io.metastate.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top command: global backend options and the list of subcommands. */
@Command(name = "metastate", mixinStandardHelpOptions = true, versionProvider = Versions.class,
    description = "Inspect, watch, lock, elect, export/import and run the compatibility kit, on any metastate"
        + " provider (localfile, zookeeper, etcd, postgresql).",
    subcommands = {LsCommand.class, GetCommand.class, CreateCommand.class, SetCommand.class, RmCommand.class,
        WatchCommand.class, LocksCommand.class, LockInfoCommand.class, ForceReleaseCommand.class, LockCommand.class,
        ElectCommand.class, LeaderCommand.class, ExportCommand.class, ImportCommand.class, TckCommand.class,
        StatusCommand.class},
    footerHeading = "%nExamples:%n",
    footer = {"  metastate --provider localfile --set localfile.dir=/tmp/dev ls -R /",
        "  METASTATE_PROVIDER=etcd METASTATE_ETCD_ENDPOINTS=http://127.0.0.1:2379 \\",
        "    metastate status",
        "",
        "Exit status: 0 success, 1 the operation failed (reason on stderr), 2 usage error;"
            + " lock/elect: the command's own status, or " + ExitCodes.LEASE_LOST + " if the lock was lost."})
final class MetastateCommand implements Callable<Integer> {
  @Mixin
  BackendOptions backend;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    throw CliException.usage("a command is required: " + String.join(", ", spec.subcommands().keySet()));
  }
}
