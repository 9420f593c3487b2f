package io.metastate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the command does the same on every provider. A subclass names the backend ({@link #backend()}: the options
 * that select it) and starts its server.
 */
abstract class ProviderCliContract {
  private static final AtomicInteger NEXT = new AtomicInteger();
  static final ObjectMapper JSON = new ObjectMapper();

  /** The options that select this provider and its server, e.g. {@code --provider etcd -D etcd.endpoints=...}. */
  abstract List<String> backend();

  /** A fresh top-level path per test: the server is shared by the class. */
  final String root = "/t" + NEXT.incrementAndGet() + "-" + getClass().getSimpleName().toLowerCase();

  /** The options a separate process uses: {@link #backend()}, unless only one process may own the store. */
  List<String> processBackend() {
    return backend();
  }

  Cli.Result run(String... args) {
    return Cli.run(Cli.args(backend(), args));
  }

  Cli.Running start(String... args) {
    return Cli.start(Cli.args(backend(), args));
  }

  /** Runs {@code lock --timeout 0 NAME -- echo ...} and asserts it failed without running the command. */
  Cli.Result assertLockRefused(String name) {
    Cli.Result refused = run("lock", "--timeout", "0", name, "--", "echo", "must not run");
    assertThat(refused.status()).as(refused.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(refused.out()).doesNotContain("must not run");
    return refused;
  }

  /** Starts {@code lock NAME} around a command that says {@code held} and sleeps, and waits until it holds. */
  Cli.Running startHolding(String name) {
    Cli.Running holder = start("lock", name, "--", "sh", "-c", "echo held; exec sleep 60");
    await().atMost(TestTimes.limit()).until(() -> holder.out.toString().startsWith("held"));
    return holder;
  }

  /** Runs {@code force-release NAME}; asserts it succeeded and {@code holder} ended as one that lost its lock. */
  Cli.Result forceRelease(String name, Cli.Running holder) throws Exception {
    Cli.Result released = run("force-release", name);
    assertThat(released.status()).as(released.toString()).isZero();
    Cli.Result lost = holder.await();
    assertThat(lost.status()).as(lost.toString()).isEqualTo(ExitCodes.LEASE_LOST);
    return lost;
  }

  /** Runs {@code status -o json}, asserts the provider, its endpoints and a connected session, returns the JSON. */
  JsonNode assertStatus(String provider, String endpoints) throws Exception {
    JsonNode status = JSON.readTree(run("status", "-o", "json").out());
    assertThat(status.path("provider").asText()).isEqualTo(provider);
    assertThat(status.path("endpoints").asText()).isEqualTo(endpoints);
    assertThat(status.path("sessionState").asText()).isEqualTo("CONNECTED");
    return status;
  }

  @Test
  @DisplayName("create, get, set, ls, rm: a round trip, with JSON for get and ls")
  void roundTrip() throws Exception {
    Cli.Result created = run("create", root, "one");
    assertThat(created.status()).as(created.toString()).isZero();
    assertThat(created.out()).isEqualTo(root + "\n");
    assertThat(run("get", root).out()).isEqualTo("one\n");

    Cli.Result set = run("set", root, "two");
    assertThat(set.status()).as(set.toString()).isZero();
    assertThat(set.out().strip()).isEqualTo("1");
    JsonNode node = JSON.readTree(run("get", "-o", "json", root).out());
    assertThat(node.path("data").asText()).isEqualTo("two");
    assertThat(node.path("stat").path("version").asLong()).isEqualTo(1);
    assertThat(run("set", "--version", "0", root, "stale").status()).as("compare-and-set on an old version")
        .isEqualTo(ExitCodes.FAILED);

    assertThat(run("create", "--parents", root + "/a/b", "deep").status()).isZero();
    assertThat(run("create", root + "/c").status()).isZero();
    assertThat(run("ls", root).outLines()).containsExactly("a", "c");
    assertThat(run("ls", "-R", root).outLines()).containsExactly(root + "/a", root + "/a/b", root + "/c");
    JsonNode listed = JSON.readTree(run("ls", "-o", "json", root).out());
    assertThat(listed.findValuesAsText("path")).containsExactly(root + "/a", root + "/c");

    Cli.Result notEmpty = run("rm", root);
    assertThat(notEmpty.status()).isEqualTo(ExitCodes.FAILED);
    assertThat(notEmpty.errLines()).singleElement().asString().contains("has children").contains("rm -R");
    assertThat(run("rm", root + "/c").status()).isZero();
    assertThat(run("rm", "-R", root).status()).isZero();
    Cli.Result gone = run("get", root);
    assertThat(gone.status()).isEqualTo(ExitCodes.FAILED);
    assertThat(gone.errLines()).containsExactly("metastate get: no node at " + root);
  }

  @Test
  @DisplayName("watch prints one line per event, in revision order, as they happen")
  void watchPrintsEventsInOrder() throws Exception {
    Cli.Running watch = start("watch", "--scope", "subtree", "--count", "4", root);
    await().atMost(TestTimes.limit()).until(() -> watch.err.toString().contains("watching " + root));
    assertThat(run("create", root).status()).isZero();
    assertThat(run("create", root + "/a", "x").status()).isZero();
    assertThat(run("set", root + "/a", "y").status()).isZero();
    assertThat(run("rm", root + "/a").status()).isZero();

    Cli.Result result = watch.await();
    assertThat(result.status()).as(result.toString()).isZero();
    List<String[]> events = result.outLines().stream().map(l -> l.split(" ")).toList();
    assertThat(events).extracting(e -> e[0] + " " + e[1]).containsExactly("CREATED " + root,
        "CREATED " + root + "/a", "UPDATED " + root + "/a", "DELETED " + root + "/a");
    assertThat(events).extracting(e -> Long.parseLong(e[2])).isSorted().doesNotHaveDuplicates();
    run("rm", "-R", root);
  }

  @Test
  @DisplayName("lock -- COMMAND passes the fencing token, increasing grant after grant, and the command's status")
  void lockPassesIncreasingToken() {
    String name = root.substring(1) + "/job";
    Cli.Result first = run("lock", name, "--", "sh", "-c", "echo $METASTATE_LOCK_TOKEN");
    Cli.Result second = run("lock", name, "--", "sh", "-c", "echo $METASTATE_LOCK_TOKEN");
    assertThat(first.status()).as(first.toString()).isZero();
    assertThat(second.status()).as(second.toString()).isZero();
    assertThat(Long.parseLong(second.out().strip())).isGreaterThan(Long.parseLong(first.out().strip()));

    Cli.Result failing = run("lock", name, "--", "sh", "-c", "exit 7");
    assertThat(failing.status()).as("the command's own exit status").isEqualTo(7);
    assertThat(run("lock-info", name).out()).as("released when the command exited").contains("is free");
  }

  @Test
  @DisplayName("a held lock excludes a second lock of the same name; force-release sends the command SIGTERM (75)")
  void lockExcludesAndLosesLease() throws Exception {
    String name = root.substring(1) + "/exclusive";
    Cli.Running holder = start("lock", name, "--", "sh", "-c", "echo held $METASTATE_LOCK_TOKEN; exec sleep 60");
    await().atMost(TestTimes.limit()).until(() -> holder.out.toString().startsWith("held "));
    long token = Long.parseLong(holder.out.toString().strip().split(" ")[1]);

    Cli.Result second = assertLockRefused(name);
    assertThat(second.errLines()).singleElement().asString().contains("not acquired").contains("token " + token);
    JsonNode info = JSON.readTree(run("lock-info", "-o", "json", name).out());
    assertThat(info.path("token").asLong()).isEqualTo(token);
    assertThat(JSON.readTree(run("locks", "-o", "json", root.substring(1) + "/").out()).findValuesAsText("name"))
        .containsExactly(name);

    Cli.Result lost = forceRelease(name, holder);
    assertThat(lost.errLines()).singleElement().asString().contains("lost the lock " + name);
  }

  @Test
  @DisplayName("as a separate process: create exits 0 with the path on stdout and nothing on stderr; a missing node is"
      + " one line on stderr, exit status 1")
  void subprocess() throws Exception {
    Cli.Result created = Cli.subprocess(Cli.args(processBackend(), "create", root, "from a process"));
    assertThat(created.status()).as(created.toString()).isZero();
    assertThat(created.out()).isEqualTo(root + "\n");
    assertThat(created.err()).isEmpty();
    assertThat(Cli.run(Cli.args(processBackend(), "get", root)).out()).isEqualTo("from a process\n");
    Cli.Result missing = Cli.subprocess(Cli.args(processBackend(), "get", root + "/missing"));
    assertThat(missing.status()).as(missing.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(missing.err()).isEqualTo("metastate get: no node at " + root + "/missing\n");
  }
}
