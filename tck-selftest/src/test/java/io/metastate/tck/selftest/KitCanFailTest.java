package io.metastate.tck.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.tck.Timing;
import io.metastate.tck.report.KitResults;
import io.metastate.tck.report.KitResults.Outcome;
import io.metastate.tck.report.KitResults.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kit proves it can fail: run against providers that break one promise each, the tests of that promise fail,
 * and a sample of unrelated tests still pass (so the failures are about the breakage, not about the decorator).
 */
class KitCanFailTest {
  private static String savedScale;

  /**
   * A test of a broken promise fails by timing out when it waits for something that never happens; a smaller scale
   * keeps those waits short. The local-file provider acts in microseconds, so the passing sample is unaffected.
   */
  @BeforeAll
  static void shortWaits() {
    savedScale = System.getProperty(Timing.TIME_SCALE_PROPERTY);
    double scale = savedScale == null ? 1 : Double.parseDouble(savedScale);
    System.setProperty(Timing.TIME_SCALE_PROPERTY, Double.toString(Math.max(0.1, 0.4 * scale)));
  }

  @AfterAll
  static void restoreWaits() {
    if (savedScale == null) {
      System.clearProperty(Timing.TIME_SCALE_PROPERTY);
    } else {
      System.setProperty(Timing.TIME_SCALE_PROPERTY, savedScale);
    }
  }

  /** What a broken provider must fail, and what it must still pass. */
  record Case(String breakage, Class<?> kit, List<String> mustFail, List<String> mustPass) {
    @Override
    public String toString() {
      return breakage;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("fencing tokens that repeat", BrokenKits.RepeatingTokens.class,
            List.of("fencing tokens › strictly increase across grants of a name",
                "fencing tokens › keep increasing after the holder's session expires",
                "fencing tokens › keep increasing across a backend restart",
                "is linearizable as a fenced lease",
                "mutual exclusion › 6 clients taking one lock"),
            List.of("Meta-state › set and compare-and-set", "Sessions › a new session",
                "Locks › granting and releasing › release frees the lock")),
        new Case("ephemeral nodes that outlive their session", BrokenKits.ImmortalEphemerals.class,
            List.of("Sessions › closing a client › deletes its ephemeral nodes",
                "Sessions › when the backend expires a session › its ephemeral nodes are deleted",
                "Watches › a watch › sees an ephemeral node's deletion"),
            List.of("Sessions › closing a client › is idempotent", "Multi-op transactions › a transaction",
                "Meta-state › delete")),
        new Case("a watch that drops an event", BrokenKits.DroppedWatchEvent.class,
            List.of("Watches › a watch › on a node sees", "Watches › a watch › on children sees",
                "Watches › a watch › on a subtree sees", "Watches › events › of 4 clients writing concurrently",
                "Watches › events › missed while a watcher is cut off"),
            List.of("Watches › a watch › sees an ephemeral node's deletion", "Watches › a watch › stops delivering",
                "Locks › granting and releasing")),
        new Case("a multi-op applied halfway", BrokenKits.HalfAppliedMulti.class,
            List.of("a failing operation › rejects the whole transaction when the last op fails",
                "a failing operation › rejects the whole transaction when a middle op fails",
                "the lock-check op › rejects the transaction with LeaseLostException after release"),
            List.of("Multi-op transactions › a transaction › applies check, create, set and delete",
                "the lock-check op › lets the transaction commit", "Meta-state › children")),
        new Case("a lock granted twice", BrokenKits.LockGrantedTwice.class,
            List.of("contention is a value", "mutual exclusion › 6 clients taking one lock",
                "is linearizable as a mutex"),
            List.of("Locks › query, list and force-release › query reports", "Meta-state › children",
                "Sessions › a new session")),
        new Case("reads served from a stale cache", BrokenKits.StaleReads.class,
            List.of("is linearizable as a CAS register per key",
                "every asynchronous operation › completes with what its synchronous twin returns"),
            List.of("Locks › fencing tokens › strictly increase", "Meta-state › children",
                "Multi-op transactions › a failing operation")),
        new Case("acquire(0) that leaves a waiter queued", BrokenKits.ZeroTimeoutLeavesWaiter.class,
            List.of("a timeout of zero or less › returns empty at once for a held lock and leaves no waiter"),
            List.of("a timeout of zero or less › grants a free lock at once", "Locks › waiting › acquire with a timeout gets")),
        new Case("an acquire that swallows the interrupt", BrokenKits.InterruptSwallowed.class,
            List.of("an interrupted acquire › with the flag set on entry", "an interrupted acquire › while it waits",
                "one try with the interrupt flag set"),
            List.of("Acquire timeouts and interrupts › a timeout of zero or less",
                "Locks › waiting › acquire returns empty once its timeout passes")),
        new Case("waiters that poll, so a try barges past them", BrokenKits.PollingWaiters.class,
            List.of("a try while another session waits › right after the release returns empty"),
            List.of("Locks › granting and releasing › contention is a value", "Meta-state › children")),
        new Case("an async multi that throws instead of failing its stage", BrokenKits.AsyncMultiThrows.class,
            List.of("Every op kind in a transaction › a check op", "Every op kind in a transaction › a create op",
                "Every op kind in a transaction › a set op", "Every op kind in a transaction › a delete op",
                "Every op kind in a transaction › a lock-check op"),
            List.of("Multi-op transactions › a transaction › applies check, create, set and delete",
                "Multi-op transactions › a failing operation")),
        new Case("a lease listener still called after removeListener", BrokenKits.LeaseListenerNotRemoved.class,
            List.of("a listener › of the session (added twice) and of a lease are told each transition once",
                "a holder › force-released by an admin loses that lease (told once; a removed listener not)"),
            List.of("a holder › loses its lease", "a waiter › of acquireAsync")),
        new Case("a session and leases that read CONNECTED and HELD after the clock jumped past the TTL",
            BrokenKits.BlindToClock.class,
            List.of("A clock that jumps › a clock moved past the TTL makes the session read non-CONNECTED"),
            // Not "the session settles" either way: a session that reads CONNECTED after it expired may fail that too.
            List.of("Sessions › a new session", "Sessions › when a client is cut off › its session goes SUSPENDED")));
  }

  @ParameterizedTest(name = "a provider with {0} fails the tests of that promise and passes the others")
  @MethodSource("cases")
  @DisplayName("the kit catches")
  void catches(Case c) {
    List<String> selected = new ArrayList<>(c.mustFail());
    selected.addAll(c.mustPass());
    KitResults results = KitRun.run(c.kit(), KitRun.anyOf(selected.toArray(String[]::new)));
    String report = results.render();
    for (String fragment : c.mustFail()) {
      List<Outcome> matching = matching(results, fragment);
      assertThat(matching).as("tests matching '%s'%n%s", fragment, report).isNotEmpty()
          .allMatch(o -> o.status() == Status.FAILED);
    }
    for (String fragment : c.mustPass()) {
      List<Outcome> matching = matching(results, fragment);
      assertThat(matching).as("tests matching '%s'%n%s", fragment, report).isNotEmpty()
          .allMatch(o -> o.status() == Status.PASSED);
    }
  }

  private static List<Outcome> matching(KitResults results, String fragment) {
    return results.outcomes().stream().filter(o -> o.path().contains(fragment)).toList();
  }
}
