package io.metastate.cli;

import io.metastate.config.ConfigKeys;
import io.metastate.config.MetaStateConfig;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code tck}: the compatibility kit against the configured provider. Runs the kit's own runner
 * ({@code io.metastate.tck.cli.RunKit}) in a child JVM on this command's classpath plus any {@code --provider-jar}:
 * a fresh JVM gives the kit its own system properties and exit, and a provider jar a plain classpath entry, as the
 * README's hand-built {@code java -cp} line did.
 */
@Command(name = "tck", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run the compatibility kit against the configured provider and write its report.",
        "It writes test data: point the configuration at a scratch store (a fresh localfile.dir, an etcd namespace,"
            + " a ZooKeeper chroot). Fault tests are reported as skipped: configuration cannot declare fault hooks.",
        "",
        "Exit status: 0 every test passed or was skipped (with --strict: none skipped), 1 a test failed, 2 usage."},
    footerHeading = "%nExamples:%n",
    footer = {"  metastate --provider localfile --set localfile.dir=/tmp/kit \\",
        "      --set session.ttl=2s tck --report kit.txt",
        "  metastate tck --config consul.properties --provider-jar metastate-consul.jar \\",
        "      --only Locks --strict"})
final class TckCommand implements Callable<Integer> {
  static final String RUNNER = "io.metastate.tck.cli.RunKit";

  @Mixin
  BackendOptions backend;

  @ParentCommand
  MetastateCommand top;

  @Option(names = "--only", paramLabel = "FEATURE",
      description = "Only the tests whose path contains FEATURE (e.g. Locks, 'Meta-state', 'Watches').")
  String only;

  @Option(names = "--report", paramLabel = "FILE", defaultValue = "metastate-tck-report.txt",
      description = "Where the report goes (default ./metastate-tck-report.txt).")
  Path report;

  @Option(names = "--strict", description = "Fail (exit status 1) if any test was skipped.")
  boolean strict;

  @Option(names = "--provider-jar", paramLabel = "JAR",
      description = "A provider jar (with its dependencies, if not inside) added to the kit's classpath; repeatable.")
  List<Path> providerJars = new ArrayList<>();

  @Option(names = "--time-scale", paramLabel = "N", description = "Multiply every kit timeout (slow machines).")
  String timeScale;

  private final Io io;

  TckCommand(Io io) {
    this.io = io;
  }

  @Override
  public Integer call() throws InterruptedException {
    BackendOptions options = top == null ? backend : top.backend.overriddenBy(backend);
    MetaStateConfig config = options.config();
    if (config.get(ConfigKeys.PROVIDER).isEmpty()) {
      throw CliException.usage("no provider configured: give --provider NAME (or --config FILE, or set "
          + MetaStateConfig.envName(ConfigKeys.PROVIDER) + ")");
    }
    List<String> classpath = new ArrayList<>(List.of(System.getProperty("java.class.path")));
    for (Path jar : providerJars) {
      if (!Files.isReadable(jar)) {
        throw CliException.usage("--provider-jar " + jar + ": no such readable file");
      }
      classpath.add(jar.toAbsolutePath().toString());
    }
    Path properties = writeConfig(config);
    try {
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-cp", String.join(File.pathSeparator, classpath), RUNNER, "--config", properties.toString(),
          "--report", report.toString()));
      if (only != null) {
        command.addAll(List.of("--only", only));
      }
      if (timeScale != null) {
        command.addAll(List.of("--time-scale", timeScale));
      }
      if (strict) {
        // The kit counts its own skips (the report also lists promises, which are not tests).
        command.add("--strict");
      }
      return ChildCommand.start(io, command, Map.of()).waitFor();
    } finally {
      try {
        Files.deleteIfExists(properties);
      } catch (IOException ignored) {
        // a temporary file
      }
    }
  }

  /** The layered configuration as one properties file, the form the kit's runner reads (environment included). */
  private static Path writeConfig(MetaStateConfig config) {
    Properties p = new Properties();
    config.explicitValues().forEach(p::setProperty);
    for (String key : KnownKeys.ALL) {
      config.get(key).ifPresent(v -> p.setProperty(key, v));
    }
    p.remove(ConfigKeys.CONFIG_FILE);
    try {
      Path file = Files.createTempFile("metastate-tck-", ".properties");
      try (OutputStream out = Files.newOutputStream(file)) {
        p.store(out, "written by 'metastate tck' for " + RUNNER);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
