package io.metastate.cli;

import io.metastate.CoordinationClient;
import io.metastate.recipes.election.LeaderCandidate;
import io.metastate.recipes.election.Leadership;
import io.metastate.recipes.election.LeadershipListener;
import io.metastate.recipes.election.LossReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code elect NAME [--metadata TEXT] [-- COMMAND...]}: campaign; optionally run a command while leading. */
@Command(name = "elect", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Campaign in the election NAME (the recipes' LeaderCandidate) and print 'elected NAME TOKEN' and"
        + " 'revoked NAME REASON' as they happen, until Ctrl-C.",
        "With COMMAND: wait to lead, run COMMAND with the term's epoch in $METASTATE_LEADER_TOKEN, then resign."
            + " If leadership is revoked meanwhile, COMMAND gets SIGTERM.",
        "",
        "Exit status with COMMAND: its own; " + ExitCodes.LEASE_LOST + " if leadership was revoked while it ran."},
    footerHeading = "%nExamples:%n",
    footer = {"  metastate elect --metadata 10.0.0.7:8080 meta-servers",
        "  metastate elect reports -- ./generate-reports.sh"})
final class ElectCommand extends BackendCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "The election (a lock name).")
  String name;

  @Parameters(index = "1..*", paramLabel = "COMMAND", arity = "0..*", description = "Run while leading, after '--'.")
  List<String> command = new ArrayList<>();

  @Option(names = {"-m", "--metadata"}, paramLabel = "TEXT",
      description = "Published for observers while leading ('metastate leader NAME' shows it).")
  String metadata;

  ElectCommand(Io io) {
    super(io);
  }

  /** What the candidate's thread tells the command's thread. */
  private record Change(Leadership term, LossReason loss) {}

  @Override
  int run(CoordinationClient client) throws InterruptedException {
    BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
    LeaderCandidate.Builder builder = LeaderCandidate.builder(client, name).requeue(command.isEmpty())
        .listener(new LeadershipListener() {
          @Override
          public void elected(Leadership term) {
            changes.add(new Change(term, null));
          }

          @Override
          public void revoked(Leadership term, LossReason reason) {
            changes.add(new Change(term, reason));
          }
        });
    if (metadata != null) {
      builder.metadata(metadata.getBytes(StandardCharsets.UTF_8));
    }
    // The session's end is a change too: a candidate whose session ended is never elected, nor told it lost.
    client.session().addListener((session, from, to) -> {
      if (to.isTerminal()) {
        changes.add(new Change(null, LossReason.CLOSED));
      }
    });
    try (LeaderCandidate candidate = builder.start()) {
      io.closeOnExit(candidate);
      return command.isEmpty() ? report(client, changes) : runWhileLeading(client, changes);
    }
  }

  private int report(CoordinationClient client, BlockingQueue<Change> changes) throws InterruptedException {
    while (true) {
      Change change = changes.take();
      if (change.term() == null) {
        throw sessionEnded(client);
      }
      print(change);
    }
  }

  private static CliException sessionEnded(CoordinationClient client) {
    return CliException.failed("the session ended (" + client.session().state() + "); campaign over");
  }

  private int runWhileLeading(CoordinationClient client, BlockingQueue<Change> changes)
      throws InterruptedException {
    Change elected = changes.take();
    if (elected.term() == null) {
      throw sessionEnded(client);
    }
    print(elected);
    ChildCommand child = ChildCommand.start(io, command, Map.of("METASTATE_LEADER_TOKEN",
        Long.toString(elected.term().token().value()), "METASTATE_ELECTION", name));
    AtomicBoolean revoked = new AtomicBoolean();
    Thread watcher = new Thread(() -> {
      try {
        Change change = changes.take();
        revoked.set(true);
        print(change);
        child.terminate();
      } catch (InterruptedException e) {
        // the command ended first
      }
    }, "metastate-elect-revocation");
    watcher.setDaemon(true);
    watcher.start();
    int status = child.waitFor();
    watcher.interrupt();
    watcher.join();
    if (revoked.get()) {
      io.err().println("metastate elect: leadership of " + name + " was revoked while the command ran; it was"
          + " sent SIGTERM");
      io.err().flush();
      return ExitCodes.LEASE_LOST;
    }
    return status;
  }

  private void print(Change change) {
    if (change.term() == null) {
      return; // the session ended: the revocation (or the error) says it
    }
    synchronized (io.out()) {
      if (change.loss() == null) {
        io.out().println("elected " + name + " " + change.term().token().value());
      } else {
        io.out().println("revoked " + name + " " + change.loss());
      }
      io.out().flush();
    }
  }
}
