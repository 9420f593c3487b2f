package io.metastate.cli;

import io.metastate.CoordinationClient;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lock NAME [--timeout D] -- COMMAND ARGS...}: run a command while holding a lock. */
@Command(name = "lock", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run COMMAND while holding the lock NAME, with its fencing token in $METASTATE_LOCK_TOKEN"
        + " (and the name in $METASTATE_LOCK_NAME); release the lock when COMMAND exits.",
        "Without COMMAND: print 'NAME TOKEN' and hold the lock until Ctrl-C.",
        "If the lock is lost meanwhile (session expired, force-release), COMMAND and its descendants get SIGTERM"
            + " (SIGKILL " + ChildCommand.KILL_AFTER_SECONDS + "s later if still running).",
        "Native tools exclude with it: on etcd 'etcdctl lock NAME' (with metastate.etcd.namespace=N:"
            + " 'etcdctl lock NNAME'); on ZooKeeper a Curator InterProcessMutex on /<namespace>/locks/NAME.",
        "",
        "Exit status: COMMAND's own; " + ExitCodes.LEASE_LOST + " if the lock was lost while it ran; 1 if the lock"
            + " was not acquired within --timeout; " + ExitCodes.CANNOT_RUN + " if COMMAND cannot be started;"
            + " 2 on bad usage."},
    footerHeading = "%nExamples:%n",
    footer = {"  metastate lock jobs/nightly -- ./nightly.sh --full",
        "  metastate lock --timeout 0 jobs/nightly -- sh -c 'echo $METASTATE_LOCK_TOKEN'",
        "  metastate lock --timeout 30s deploy"})
final class LockCommand extends BackendCommand {
  /** "Wait forever", short enough that no provider's deadline arithmetic overflows. */
  static final Duration FOREVER = Duration.ofDays(3650);

  @Parameters(index = "0", paramLabel = "NAME", description = "The lock (e.g. jobs/nightly).")
  String name;

  @Parameters(index = "1..*", paramLabel = "COMMAND", arity = "0..*",
      description = "The command and its arguments, after '--'.")
  List<String> command = new ArrayList<>();

  @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long to wait for the lock (10s, 500ms, 2m; 0 = one try). Default: forever.")
  Duration timeout;

  LockCommand(Io io) {
    super(io);
  }

  @Override
  int run(CoordinationClient client) throws InterruptedException {
    Duration wait = timeout == null ? FOREVER : timeout;
    Optional<LockLease> granted = client.locks().acquire(name, wait);
    if (granted.isEmpty()) {
      String holder = client.locks().query(name).map(h -> " (held by " + h.ownerId() + ", token "
          + h.token().value() + ")").orElse("");
      throw CliException.failed("lock " + name + " not acquired within " + Output.duration(wait) + holder);
    }
    try (LockLease lease = granted.get()) {
      return command.isEmpty() ? hold(lease) : runWhileHeld(lease);
    }
  }

  private int runWhileHeld(LockLease lease) throws InterruptedException {
    ChildCommand child = ChildCommand.start(io, command, Map.of("METASTATE_LOCK_TOKEN",
        Long.toString(lease.token().value()), "METASTATE_LOCK_NAME", name));
    AtomicBoolean lost = new AtomicBoolean();
    lease.addListener((l, from, to) -> {
      if (to == LeaseState.LOST && lost.compareAndSet(false, true)) {
        child.terminate();
      }
    });
    if (lease.state() == LeaseState.LOST && lost.compareAndSet(false, true)) {
      child.terminate();
    }
    int status = child.waitFor();
    if (lost.get()) {
      io.err().println("metastate lock: lost the lock " + name + " (token " + lease.token().value()
          + ") while the command ran; it was sent SIGTERM");
      io.err().flush();
      return ExitCodes.LEASE_LOST;
    }
    return status;
  }

  private int hold(LockLease lease) throws InterruptedException {
    CountDownLatch ended = new CountDownLatch(1);
    lease.addListener((l, from, to) -> {
      if (to.isTerminal()) {
        ended.countDown();
      }
    });
    io.out().println(name + " " + lease.token().value());
    io.out().flush();
    if (!lease.state().isTerminal()) {
      ended.await();
    }
    if (lease.state() == LeaseState.LOST) {
      io.err().println("metastate lock: lost the lock " + name + " (token " + lease.token().value() + ")");
      io.err().flush();
      return ExitCodes.LEASE_LOST;
    }
    return ExitCodes.OK;
  }
}
