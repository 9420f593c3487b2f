package io.metastate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("bad input: exit status 2 or 1 with one clear line, no stack trace unless --verbose")
class BadInputTest {
  @TempDir
  static Path dir;

  private static String[] local(String... args) {
    return Cli.args(List.of("--provider", "localfile", "--set", "localfile.dir=" + dir), args);
  }

  private static void assertOneLine(Cli.Result r, int status, String... fragments) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.errLines()).as(r.toString()).hasSize(1);
    assertThat(r.err()).contains(fragments).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  @DisplayName("an unknown command names the known ones (2)")
  void unknownCommand() {
    assertOneLine(Cli.run("frobnicate", "/"), ExitCodes.USAGE, "unknown command 'frobnicate'", "ls, get");
  }

  @Test
  @DisplayName("an unknown option, a missing argument, a bad duration (2)")
  void badOptions() {
    assertOneLine(Cli.run(local("ls", "--bogus", "/")), ExitCodes.USAGE, "metastate ls: Unknown option: '--bogus'");
    assertOneLine(Cli.run(local("get")), ExitCodes.USAGE, "metastate get: Missing required parameter");
    assertOneLine(Cli.run(local("lock", "--timeout", "soon", "x", "--", "true")), ExitCodes.USAGE, "soon");
  }

  @Test
  @DisplayName("a bad path says what is wrong with it (2); a missing node is a failure (1)")
  void badPathAndMissingNode() {
    assertOneLine(Cli.run(local("get", "/a//b")), ExitCodes.USAGE, "invalid path '/a//b'", "empty segment");
    assertOneLine(Cli.run(local("get", "/nope")), ExitCodes.FAILED, "metastate get: no node at /nope");
    assertOneLine(Cli.run(local("rm", "/nope")), ExitCodes.FAILED, "/nope");
  }

  @Test
  @DisplayName("an unknown provider lists those on the classpath (2)")
  void unknownProvider() {
    assertOneLine(Cli.run("--provider", "consul", "ls", "/"), ExitCodes.USAGE, "consul",
        "[etcd, localfile, postgresql, zookeeper]");
  }

  @Test
  @DisplayName("an unreachable etcd fails (1) with one line naming the endpoint")
  void unreachableEtcd() throws IOException {
    String endpoint = "http://127.0.0.1:" + closedPort();
    assertOneLine(Cli.run("--provider", "etcd", "-D", "etcd.endpoints=" + endpoint, "-D", "etcd.connect-timeout=1s",
        "ls", "/"), ExitCodes.FAILED, "127.0.0.1");
  }

  @Test
  @DisplayName("an unreachable ZooKeeper, as a separate process: one line on stderr, nothing from the client library")
  void unreachableZooKeeper() throws Exception {
    Cli.Result r = Cli.subprocess("--provider", "zookeeper", "-D", "zookeeper.connect=127.0.0.1:" + closedPort(),
        "-D", "zookeeper.connection-timeout=1s", "ls", "/");
    assertOneLine(r, ExitCodes.FAILED, "127.0.0.1");
  }

  @Test
  @DisplayName("--verbose adds the stack trace")
  void verbose() {
    Cli.Result r = Cli.run(local("--verbose", "get", "/a//b"));
    assertThat(r.status()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("invalid path").contains("\tat ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ls", "get", "create", "set", "rm", "watch", "locks", "lock-info", "force-release", "lock",
      "elect", "leader", "export", "import", "tck", "status"})
  @DisplayName("every command has --help with an example")
  void help(String command) {
    Cli.Result r = Cli.run(command, "--help");
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("Usage: metastate " + command).contains("Examples:")
        .containsPattern("\\n  metastate .*" + command.split("-")[0]);
  }

  private static int closedPort() {
    return io.metastate.testing.Loopback.freePort();
  }
}
