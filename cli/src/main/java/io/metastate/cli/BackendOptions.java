package io.metastate.cli;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.ConfigKeys;
import io.metastate.config.MetaStateConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Which backend to talk to, from the usual keys: {@code --config FILE} (instead of {@code metastate.config} or
 * {@code ./metastate.properties}), then the environment ({@code METASTATE_PROVIDER}...) and system properties over it,
 * then {@code --provider NAME} and {@code --set key=value} over everything. Mixed into the top command and into every
 * subcommand, so the options may come before or after the subcommand's name; the subcommand's win.
 */
final class BackendOptions {
  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file with metastate.provider and its keys (default: $METASTATE_CONFIG, else"
          + " ./metastate.properties).")
  Path config;

  @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE",
      description = "A configuration value over every other source, e.g. --set metastate.etcd.endpoints=http://"
          + "127.0.0.1:2379 (repeatable; the 'metastate.' prefix may be left out).")
  Map<String, String> values = new LinkedHashMap<>();

  @Option(names = "--provider", paramLabel = "NAME",
      description = "Shortcut for --set metastate.provider=NAME (localfile, zookeeper, etcd, postgresql).")
  String provider;

  @Option(names = {"-v", "--verbose"}, description = "Stack traces on errors, and the client libraries' logs.")
  boolean verbose;

  /** These options with {@code inner}'s over them (a subcommand's over the top command's). */
  BackendOptions overriddenBy(BackendOptions inner) {
    BackendOptions merged = new BackendOptions();
    merged.config = inner.config != null ? inner.config : config;
    merged.provider = inner.provider != null ? inner.provider : provider;
    merged.values.putAll(values);
    merged.values.putAll(inner.values);
    merged.verbose = verbose || inner.verbose;
    return merged;
  }

  /** The configuration these options describe. */
  MetaStateConfig config() {
    MetaStateConfig loaded = config == null ? MetaStateConfig.load() : loadWith(config);
    if (provider != null) {
      loaded = loaded.with(ConfigKeys.PROVIDER, provider);
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      String key = e.getKey().startsWith("metastate.") ? e.getKey() : "metastate." + e.getKey();
      loaded = loaded.with(key, e.getValue());
    }
    return loaded;
  }

  /** Opens a client on the configured backend; the caller closes it. */
  CoordinationClient open(Io io) {
    CoordinationClient client = MetaState.open(config());
    io.closeOnExit(client);
    return client;
  }

  // MetaStateConfig reads its file from the metastate.config property; point it at ours for one load, so that the
  // layering (system properties and environment over the file) stays the library's own.
  private static synchronized MetaStateConfig loadWith(Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw CliException.usage("--config " + file + ": no such readable file");
    }
    String previous = System.getProperty(ConfigKeys.CONFIG_FILE);
    System.setProperty(ConfigKeys.CONFIG_FILE, file.toString());
    try {
      return MetaStateConfig.load();
    } finally {
      if (previous == null) {
        System.clearProperty(ConfigKeys.CONFIG_FILE);
      } else {
        System.setProperty(ConfigKeys.CONFIG_FILE, previous);
      }
    }
  }
}
