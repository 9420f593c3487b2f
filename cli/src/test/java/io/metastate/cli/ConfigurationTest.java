package io.metastate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("choosing the backend: --config, --set, --provider, before or after the command's name")
class ConfigurationTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("--config FILE names the provider and its keys; --set wins over the file")
  void configFile() throws Exception {
    Path file = dir.resolve("dev.properties");
    Files.write(file, List.of("metastate.provider=localfile", "metastate.localfile.dir=" + dir.resolve("a")));
    assertThat(Cli.run("--config", file.toString(), "create", "/from-file").status()).isZero();
    assertThat(Cli.run("--config", file.toString(), "ls", "/").outLines()).containsExactly("from-file");

    Cli.Result overridden = Cli.run("--config", file.toString(), "--set", "localfile.dir=" + dir.resolve("b"),
        "status", "-o", "json");
    assertThat(overridden.out()).contains(dir.resolve("b").toString());
    assertThat(Cli.run("ls", "--config", file.toString(), "--set", "metastate.localfile.dir=" + dir.resolve("b"),
        "/").outLines()).as("options after the command's name, and the full key").isEmpty();
  }

  @Test
  @DisplayName("--provider after the command's name wins over the one before it")
  void innerWins() {
    Cli.Result r = Cli.run("--provider", "consul", "status", "--provider", "localfile", "--set",
        "localfile.dir=" + dir.resolve("c"));
    assertThat(r.status()).as(r.toString()).isZero();
    assertThat(r.out()).contains("provider  localfile");
  }

  @Test
  @DisplayName("a missing --config file or --provider-jar is a usage error (2)")
  void missingFiles() {
    Cli.Result config = Cli.run("--config", dir.resolve("nope.properties").toString(), "ls", "/");
    assertThat(config.status()).isEqualTo(ExitCodes.USAGE);
    assertThat(config.errLines()).singleElement().asString().contains("nope.properties");
    Cli.Result jar = Cli.run("--provider", "localfile", "tck", "--provider-jar", dir.resolve("nope.jar").toString());
    assertThat(jar.status()).isEqualTo(ExitCodes.USAGE);
    assertThat(jar.errLines()).singleElement().asString().contains("nope.jar");
  }
}
