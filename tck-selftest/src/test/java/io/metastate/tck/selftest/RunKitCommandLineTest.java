package io.metastate.tck.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented command line, run as a separate JVM on this module's classpath (kit + local-file provider). */
class RunKitCommandLineTest {
  @TempDir Path dir;

  private record Result(int exit, String output) {}

  private Result runKit(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.metastate.tck.cli.RunKit"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("RunKit finished").isTrue();
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** A config for the local-file provider, its store in {@code dir}. */
  private Path localFileConfig() throws IOException {
    return Files.writeString(dir.resolve("localfile.properties"),
        "metastate.provider=localfile\nmetastate.localfile.dir=" + dir.resolve("data") + "\nmetastate.session.ttl=1s\n");
  }

  @Test
  @DisplayName("runs the kit against a configured provider, writes the report, and exits 0 when it passes")
  void passes() throws Exception {
    Path config = localFileConfig();
    Path report = dir.resolve("report.txt");
    Result r = runKit("--config", config.toString(), "--report", report.toString(), "--only", "Meta-state › children");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("provider 'localfile'", "PASSED  Meta-state › children");
    assertThat(Files.readString(report)).contains("Meta-state", "PASSED  Meta-state › children › children of a missing");
  }

  @Test
  @DisplayName("exits 1 when tests fail (an unknown provider), and 2 without --config")
  void fails() throws Exception {
    Path config = Files.writeString(dir.resolve("bad.properties"), "metastate.provider=nosuch\n");
    Result failed = runKit("--config", config.toString(), "--only", "Meta-state › children");
    assertThat(failed.exit()).as(failed.output()).isEqualTo(1);
    assertThat(failed.output()).contains("FAILED", "no metastate provider named 'nosuch'");
    Result usage = runKit();
    assertThat(usage.exit()).isEqualTo(2);
    assertThat(usage.output()).contains("--config is required", "usage:");
  }

  @Test
  @DisplayName("says loudly how many promises a run did not verify, and with --strict exits 1 when any test was skipped")
  void skipsAreCounted() throws Exception {
    Path config = localFileConfig();
    // The local-file provider has no endpoints to put a proxy in front of: the lost-reply tests are skipped.
    Result lenient = runKit("--config", config.toString(), "--only", "Lost replies");
    assertThat(lenient.exit()).as(lenient.output()).isZero();
    assertThat(lenient.output()).contains("no proxy", "5 promises not verified (5 tests skipped)",
        "FAULT-1, FAULT-2, FAULT-3, FAULT-4, FAULT-5", "no NETWORK_FAULTS");
    Result strict = runKit("--config", config.toString(), "--only", "Lost replies", "--strict");
    assertThat(strict.exit()).as(strict.output()).isEqualTo(1);
    assertThat(strict.output()).contains("--strict: 5 tests were skipped");
  }

  @Test
  @DisplayName("runs the clock hook itself: a provider that reads time on the config's ticker gets the clock tests run, not skipped")
  void clockHook() throws Exception {
    Path config = localFileConfig();
    Result r = runKit("--config", config.toString(), "--only", "A clock that jumps");
    assertThat(r.output()).contains("a movable clock per client").doesNotContain("SKIPPED A clock that jumps");
  }
}
