package io.metastate.tck.cli;

import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.tck.CoordinationCompatibilityKit;
import io.metastate.tck.ProviderFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The kit against whatever provider a properties file configures ({@code metastate.provider=...} and its keys),
 * opening every client with {@link MetaState#open(MetaStateConfig)}, with the fault hooks the kit can run itself
 * ({@link RunKitFixture}): a clock per client, and proxies in front of the endpoints that the key named by
 * {@value #PROXY_KEY_PROPERTY} holds ({@code auto}, the default: a known key of this project's providers;
 * {@code none}: no proxies). The other fault tests are reported as skipped. {@link RunKit} runs it; the file is named
 * by {@value #CONFIG_PROPERTY}.
 */
public class ConfiguredProviderCompatibilityTest extends CoordinationCompatibilityKit {
  /** The system property naming the properties file. */
  public static final String CONFIG_PROPERTY = "metastate.tck.config";
  /** The system property naming the config key whose endpoints get proxies: a key, {@code auto} or {@code none}. */
  public static final String PROXY_KEY_PROPERTY = "metastate.tck.proxy-key";

  @Override
  protected ProviderFixture fixture() {
    MetaStateConfig config = load();
    String key = proxyKey(config).orElse(null);
    Endpoints endpoints = key == null ? null : config.get(key).flatMap(Endpoints::parse).orElse(null);
    return new RunKitFixture(config, key, endpoints);
  }

  /** The key whose endpoints RunKit proxies, if any (see {@link #PROXY_KEY_PROPERTY}). */
  static Optional<String> proxyKey(MetaStateConfig config) {
    String chosen = System.getProperty(PROXY_KEY_PROPERTY, "auto").trim();
    if (chosen.equals("none") || chosen.isEmpty()) {
      return Optional.empty();
    }
    if (!chosen.equals("auto")) {
      return Optional.of(chosen);
    }
    return Endpoints.KNOWN_KEYS.stream().filter(k -> config.get(k).flatMap(Endpoints::parse).isPresent()).findFirst();
  }

  /** What RunKit can proxy for {@code config}, in words, for its header. */
  static String proxyDescription(MetaStateConfig config) {
    Optional<String> key = proxyKey(config);
    if (key.isEmpty()) {
      return "no proxy (no loopback endpoints under a known key; name one with --proxy-key)";
    }
    Optional<String> value = config.get(key.get());
    if (value.flatMap(Endpoints::parse).isEmpty()) {
      return "no proxy: " + key.get() + " = " + value.orElse("(unset)") + " is not a list of loopback host:port";
    }
    return "a proxy per client in front of " + key.get() + " = " + value.get();
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
