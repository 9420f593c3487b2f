package io.metastate.cli;

import io.metastate.CoordinationClient;
import io.metastate.state.NodePath;
import io.metastate.state.Watch;
import io.metastate.state.WatchEvent;
import io.metastate.state.WatchScope;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code watch [--scope node|children|subtree] PATH}: one line per event, until Ctrl-C or {@code --count}. */
@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Print one line per change as it happens: TYPE PATH REVISION, in revision order.",
        "TYPE is CREATED, UPDATED, DELETED, or RESYNC when the provider could not keep continuity (etcd"
            + " compaction, a reconnect): changes may have been missed, re-read the tree from that revision.",
        "Runs until Ctrl-C (or --count events, or the session ends)."},
    footerHeading = "%nExamples:%n",
    footer = {"  metastate watch --scope subtree /apps", "  metastate watch --count 1 /jobs/nightly/done"})
final class WatchCommand extends BackendCommand {
  @Parameters(index = "0", paramLabel = "PATH", description = "The watched node (it need not exist).")
  String path;

  @Option(names = "--scope", paramLabel = "SCOPE", defaultValue = "node",
      description = "node (default: the node itself), children (its direct children) or subtree (it and"
          + " everything below).")
  String scope;

  @Option(names = {"-n", "--count"}, paramLabel = "N", description = "Exit after N events.")
  Integer count;

  WatchCommand(Io io) {
    super(io);
  }

  @Override
  int run(CoordinationClient client) throws InterruptedException {
    WatchScope watchScope = switch (scope.toLowerCase(java.util.Locale.ROOT)) {
      case "node" -> WatchScope.NODE;
      case "children" -> WatchScope.CHILDREN;
      case "subtree" -> WatchScope.SUBTREE;
      default -> throw CliException.usage("--scope must be node, children or subtree, was '" + scope + "'");
    };
    if (count != null && count < 1) {
      throw CliException.usage("--count must be at least 1, was " + count);
    }
    NodePath.of(path);
    CountDownLatch done = new CountDownLatch(count == null ? 1 : count);
    AtomicInteger printed = new AtomicInteger();
    client.session().addListener((session, from, to) -> {
      if (to.isTerminal()) {
        while (done.getCount() > 0) {
          done.countDown();
        }
      }
    });
    try (Watch watch = client.state().watch(path, watchScope, event -> print(event, done, printed))) {
      io.closeOnExit(watch);
      // Announced on stderr, so that stdout holds events only and a script knows when changes are being caught.
      io.err().println("watching " + path + " (" + watchScope.name().toLowerCase(java.util.Locale.ROOT) + ")");
      io.err().flush();
      done.await();
    }
    if (client.session().state().isTerminal() && (count == null || printed.get() < count)) {
      throw CliException.failed("the session ended (" + client.session().state() + "); the watch stopped");
    }
    return ExitCodes.OK;
  }

  private void print(WatchEvent event, CountDownLatch done, AtomicInteger printed) {
    if (done.getCount() == 0) {
      return; // --count reached; later events are not ours to print
    }
    synchronized (io.out()) {
      io.out().println(event.type() + " " + event.path() + " " + event.revision());
      io.out().flush();
    }
    printed.incrementAndGet();
    if (count != null) {
      done.countDown();
    }
  }
}
