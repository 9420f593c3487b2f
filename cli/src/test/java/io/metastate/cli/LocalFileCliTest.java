package io.metastate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("metastate on the local-file provider")
class LocalFileCliTest extends ProviderCliContract {
  @TempDir
  static Path dir;

  @Override
  List<String> backend() {
    return List.of("--provider", "localfile", "--set", "localfile.dir=" + dir.resolve("store"));
  }

  /** Its own store: one process owns a store, and this JVM's commands may still hold the shared one. */
  @Override
  List<String> processBackend() {
    return List.of("--provider", "localfile", "--set", "localfile.dir=" + dir.resolve("process"));
  }

  @Test
  @DisplayName("tck runs the kit against the configured provider, exits 0 and writes its report")
  void tck() throws Exception {
    Path report = dir.resolve("kit-report.txt");
    Cli.Result kit = Cli.run("--provider", "localfile", "--set", "localfile.dir=" + dir.resolve("kit"), "--set",
        "session.ttl=2s", "tck", "--only", "Paths and limits", "--strict", "--report", report.toString());
    assertThat(kit.status()).as(kit.toString()).isZero();
    assertThat(kit.out()).contains("provider 'localfile'");
    assertThat(Files.readString(report)).contains("metastate compatibility report").contains("Paths and limits")
        .doesNotContain("FAILED").doesNotContain("SKIPPED");
  }

  @Test
  @DisplayName("elect runs the command while leading; leader shows it; losing the lock sends SIGTERM (75)")
  void electAndLeader() throws Exception {
    String election = root.substring(1);
    Cli.Running leading = start("elect", "--metadata", "10.0.0.7:8080", election, "--", "sh", "-c",
        "echo leading $METASTATE_LEADER_TOKEN; exec sleep 60");
    org.awaitility.Awaitility.await().atMost(TestTimes.limit())
        .until(() -> leading.out.toString().contains("leading "));
    String token = leading.out.toString().lines().filter(l -> l.startsWith("leading ")).findFirst().orElseThrow()
        .split(" ")[1];
    var leader = JSON.readTree(run("leader", "-o", "json", election).out());
    assertThat(leader.path("metadata").asText()).isEqualTo("10.0.0.7:8080");
    assertThat(leader.path("token").asText()).isEqualTo(token);

    Cli.Result revoked = forceRelease("metastate-elections/" + election, leading);
    assertThat(revoked.out()).contains("revoked " + election);
    assertThat(run("leader", election).out()).isEqualTo(election + " has no leader\n");
  }
}
