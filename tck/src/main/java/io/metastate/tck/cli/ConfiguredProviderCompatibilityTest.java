package io.metastate.tck.cli;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.ConfigKeys;
import io.metastate.config.MetaStateConfig;
import io.metastate.tck.CoordinationCompatibilityKit;
import io.metastate.tck.ProviderFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The kit against whatever provider a properties file configures ({@code metastate.provider=...} and its keys),
 * opening every client with {@link MetaState#open(MetaStateConfig)}. It declares no fault hooks, so the fault tests
 * are reported as skipped. {@link RunKit} runs it; the file is named by {@value #CONFIG_PROPERTY}.
 */
public class ConfiguredProviderCompatibilityTest extends CoordinationCompatibilityKit {
  /** The system property naming the properties file. */
  public static final String CONFIG_PROPERTY = "metastate.tck.config";

  @Override
  protected ProviderFixture fixture() {
    MetaStateConfig config = load();
    return owner -> {
      CoordinationClient client = MetaState.open(config.with(ConfigKeys.OWNER_ID, owner));
      return client;
    };
  }

  static MetaStateConfig load() {
    String file = System.getProperty(CONFIG_PROPERTY);
    if (file == null || file.isBlank()) {
      throw new IllegalStateException("set -D" + CONFIG_PROPERTY + "=<properties file with metastate.provider=...>");
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the kit's provider configuration " + Path.of(file).toAbsolutePath(), e);
    }
    return MetaStateConfig.fromProperties(properties);
  }
}
