package io.metastate.localfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.lock.LockLease;
import io.metastate.state.CreateMode;
import io.metastate.state.Node;
import io.metastate.tck.KitSeed;
import io.metastate.testing.ChildProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments loses no acknowledged write: a child JVM writes with several threads and prints each
 * acknowledged write and each fencing token it was granted; the test kills it after a random number of
 * acknowledgements, reopens the store, and checks every acknowledged write, the counter, the ephemeral nodes and the
 * tokens.
 */
@DisplayName("local-file crash safety")
class CrashTest {
  private static final int ROUNDS = 10;

  @TempDir Path dir;

  @Test
  @DisplayName("after SIGKILL at random moments the store reopens with every acknowledged write, and tokens grow")
  void killNine() throws Exception {
    Random random = KitSeed.random("crash kill points");
    Map<String, String> acknowledged = new LinkedHashMap<>();
    long maxToken = 0;
    long maxRevision = 0;
    for (int round = 0; round < ROUNDS; round++) {
      int killAfter = 1 + random.nextInt(200);
      Outcome outcome = runAndKill(round, killAfter);
      String context = "round " + round + " (" + KitSeed.replay() + ", killed after " + killAfter + " acks)";
      assertThat(outcome.tokens).as("tokens within " + context).isSorted().doesNotHaveDuplicates();
      if (!outcome.tokens.isEmpty()) {
        assertThat(outcome.tokens.get(0)).as("first token of " + context + " vs earlier rounds").isGreaterThan(maxToken);
        maxToken = outcome.tokens.get(outcome.tokens.size() - 1);
      }
      acknowledged.putAll(outcome.created);
      try (CoordinationClient client = LocalFileCoordination.builder().directory(dir).build()) {
        var state = client.state();
        for (Map.Entry<String, String> ack : acknowledged.entrySet()) {
          Node node = state.get(ack.getKey()).orElse(null);
          assertThat(node).as("acknowledged node %s after %s", ack.getKey(), context).isNotNull();
          assertThat(node.dataAsString()).isEqualTo(ack.getValue());
          maxRevision = Math.max(maxRevision, node.stat().modRevision());
        }
        Node counter = state.get("/crash/counter").orElseThrow();
        if (outcome.lastSetVersion >= 0) {
          // the last acknowledged set, or a later one that was applied but not yet acknowledged
          assertThat(counter.stat().version()).as("counter version after " + context)
              .isGreaterThanOrEqualTo(outcome.lastSetVersion);
          if (counter.stat().version() == outcome.lastSetVersion) {
            assertThat(counter.dataAsString()).isEqualTo(outcome.lastSetData);
          }
        }
        for (String eph : outcome.ephemerals) {
          assertThat(state.exists(eph)).as("ephemeral %s of the killed process after %s", eph, context).isEmpty();
        }
        String probe = state.create("/crash/probe-", new byte[0], CreateMode.PERSISTENT_SEQUENTIAL);
        long probeRevision = state.exists(probe).orElseThrow().createRevision();
        assertThat(probeRevision).as("revision after " + context).isGreaterThan(maxRevision);
        maxRevision = probeRevision;
        try (LockLease lease = client.locks().tryAcquire("crash/lock").orElseThrow()) {
          assertThat(lease.token().value()).as("token after " + context).isGreaterThan(maxToken);
          maxToken = lease.token().value();
        }
      }
    }
    assertThat(acknowledged).hasSizeGreaterThan(ROUNDS);
  }

  private static final class Outcome {
    final Map<String, String> created = new LinkedHashMap<>();
    final List<Long> tokens = new ArrayList<>();
    final List<String> ephemerals = new ArrayList<>();
    long lastSetVersion = -1;
    String lastSetData;
  }

  private Outcome runAndKill(int round, int killAfter) throws Exception {
    Outcome outcome = new Outcome();
    try (ChildProcess child = ChildProcess.java(CrashWriterMain.class, dir.toString(), Integer.toString(round))) {
      for (String line : child.readUntil("READY")) {
        parse(line, outcome);
      }
      child.killAfter(killAfter, line -> parse(line, outcome) && line.startsWith("ACK "));
    }
    return outcome;
  }

  /** Records a complete line; returns false for a line cut short by the kill. */
  private static boolean parse(String line, Outcome outcome) {
    if (!line.endsWith(";")) {
      return false;
    }
    String[] parts = line.substring(0, line.length() - 1).split(" ");
    switch (parts[0]) {
      case "ACK" -> outcome.created.put(parts[1], parts[2]);
      case "TOKEN" -> outcome.tokens.add(Long.parseLong(parts[1]));
      case "EPHEMERAL" -> outcome.ephemerals.add(parts[1]);
      case "SET" -> {
        long version = Long.parseLong(parts[1]);
        if (version > outcome.lastSetVersion) {
          outcome.lastSetVersion = version;
          outcome.lastSetData = parts[2];
        }
      }
      default -> throw new IllegalStateException("unexpected child output: " + line);
    }
    return true;
  }
}
