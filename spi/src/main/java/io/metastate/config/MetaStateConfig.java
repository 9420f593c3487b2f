package io.metastate.config;

import io.metastate.Ticker;
import io.metastate.error.ConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An immutable set of configuration values, looked up by key ({@link ConfigKeys}).
 *
 * <p>{@link #load()} layers three sources, highest first: system properties, environment variables (the key
 * upper-cased with {@code .} and {@code -} turned into {@code _}: {@code METASTATE_SESSION_TTL}), and a properties
 * file named by {@code metastate.config} (or {@code ./metastate.properties} if present).
 */
public final class MetaStateConfig {
  /** The session TTL used when {@link ConfigKeys#SESSION_TTL} is not set. */
  public static final Duration DEFAULT_SESSION_TTL = Duration.ofSeconds(10);

  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  private final Map<String, String> values;
  private final Function<String, String> environment;
  private final Ticker ticker;

  private MetaStateConfig(Map<String, String> values, Function<String, String> environment, Ticker ticker) {
    this.values = Map.copyOf(values);
    this.environment = environment;
    this.ticker = ticker;
  }

  /** A config from explicit values only (no system properties, no environment). */
  public static MetaStateConfig of(Map<String, String> values) {
    return new MetaStateConfig(values, name -> null, Ticker.system());
  }

  /** A config from a {@link Properties} object only. */
  public static MetaStateConfig fromProperties(Properties properties) {
    Map<String, String> map = new TreeMap<>();
    properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k).trim()));
    return of(map);
  }

  /**
   * The standard layering: system properties over environment over the properties file.
   *
   * @throws ConfigurationException if a named properties file cannot be read
   */
  public static MetaStateConfig load() {
    Map<String, String> merged = new TreeMap<>();
    String file = System.getProperty(ConfigKeys.CONFIG_FILE, System.getenv(envName(ConfigKeys.CONFIG_FILE)));
    if (file != null) {
      merged.putAll(readFile(Path.of(file)));
    } else if (Files.isRegularFile(Path.of("metastate.properties"))) {
      merged.putAll(readFile(Path.of("metastate.properties")));
    }
    Properties system = System.getProperties();
    for (String key : system.stringPropertyNames()) {
      if (key.startsWith("metastate.")) {
        merged.put(key, system.getProperty(key).trim());
      }
    }
    return new MetaStateConfig(merged, System::getenv, Ticker.system());
  }

  private static Map<String, String> readFile(Path path) {
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(path)) {
      props.load(in);
    } catch (IOException e) {
      throw new ConfigurationException("cannot read metastate config file " + path.toAbsolutePath() + " (from "
          + ConfigKeys.CONFIG_FILE + "): " + e, e);
    }
    Map<String, String> map = new TreeMap<>();
    props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k).trim()));
    return map;
  }

  /**
   * The environment variable consulted for a key: {@code metastate.owner-id} reads {@code METASTATE_OWNER_ID}. The
   * environment name of a key is the key upper-cased, with dots and dashes turned into underscores. [CONFIG-5]
   */
  public static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** A builder of explicit values; setting a key twice fails fast (see {@link Builder#set}). */
  public static Builder builder() {
    return new Builder();
  }

  /** The value of a key, if set in any source. Explicit and system-property values win over the environment. */
  public Optional<String> get(String key) {
    String v = values.get(key);
    if (v == null) {
      v = environment.apply(envName(key));
      if (v != null) {
        v = v.trim();
      }
    }
    return Optional.ofNullable(v).filter(s -> !s.isEmpty());
  }

  /**
   * The value of a key that must be set.
   *
   * @throws ConfigurationException naming the key and the environment variable that would set it
   */
  public String require(String key) {
    return get(key).orElseThrow(() -> new ConfigurationException(
        "missing configuration " + key + " (set it as a system property, in the properties file, or as "
            + envName(key) + " in the environment)"));
  }

  /**
   * A duration value such as {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h} or ISO-8601 {@code PT10S}. A
   * duration is read from a number with ms, s, m or h, or from ISO-8601, and anything else is rejected with a
   * ConfigurationException naming the key. [CONFIG-6]
   */
  public Optional<Duration> duration(String key) {
    return get(key).map(raw -> parseDuration(key, raw));
  }

  /** A duration value, or {@code fallback} if unset. */
  public Duration duration(String key, Duration fallback) {
    return duration(key).orElse(fallback);
  }

  /** A positive integer value, or {@code fallback} if unset. */
  public int positiveInt(String key, int fallback) {
    return get(key).map(raw -> {
      try {
        int n = Integer.parseInt(raw);
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new ConfigurationException(key + " must be a positive integer, was '" + raw + "'");
    }).orElse(fallback);
  }

  /** A boolean value ({@code true}/{@code false}), or {@code fallback} if unset. */
  public boolean bool(String key, boolean fallback) {
    return get(key).map(raw -> switch (raw.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigurationException(key + " must be true or false, was '" + raw + "'");
    }).orElse(fallback);
  }

  /**
   * {@link ConfigKeys#SESSION_TTL}, validated positive; default {@link #DEFAULT_SESSION_TTL}. The session TTL is 10
   * seconds when unset, and a zero or negative TTL is rejected with a ConfigurationException. [CONFIG-7]
   */
  public Duration sessionTtl() {
    Duration ttl = duration(ConfigKeys.SESSION_TTL, DEFAULT_SESSION_TTL);
    if (ttl.isZero() || ttl.isNegative()) {
      throw new ConfigurationException(ConfigKeys.SESSION_TTL + " must be positive, was " + ttl);
    }
    return ttl;
  }

  /** {@link ConfigKeys#OWNER_ID}, or {@code pid@host}. */
  public String ownerId() {
    return get(ConfigKeys.OWNER_ID).orElseGet(() -> {
      String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElse("localhost");
      return ProcessHandle.current().pid() + "@" + host;
    });
  }

  /** A copy with one value replaced or added (it wins over every source). */
  public MetaStateConfig with(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.put(key, value);
    return new MetaStateConfig(copy, environment, ticker);
  }

  /**
   * The monotonic clock through which a client opened with this config measures its session and lease time; {@link
   * Ticker#system()} unless a test {@linkplain #withTicker(Ticker) set another}.
   */
  public Ticker ticker() {
    return ticker;
  }

  /** A copy whose clients read time through {@code ticker} (tests: a clock they can move). */
  public MetaStateConfig withTicker(Ticker ticker) {
    return new MetaStateConfig(values, environment, Objects.requireNonNull(ticker, "ticker"));
  }

  /** The explicit values (file and system properties, or what was given), not the environment. */
  public Map<String, String> explicitValues() {
    return new TreeMap<>(values);
  }

  private static Duration parseDuration(String key, String raw) {
    Matcher m = SIMPLE_DURATION.matcher(raw.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    try {
      return Duration.parse(raw.trim());
    } catch (DateTimeParseException e) {
      throw new ConfigurationException(key + " must be a duration such as 10s, 500ms, 2m or PT10S, was '" + raw + "'");
    }
  }

  @Override
  public String toString() {
    return "MetaStateConfig" + values;
  }

  /** Collects explicit values; fails fast on a key set twice. */
  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets a key. Setting a key that was already set on this builder throws ConfigurationException naming the key
     * and both values. [CONFIG-8]
     *
     * @throws ConfigurationException if the key was already set on this builder
     */
    public Builder set(String key, String value) {
      if (key == null || key.isBlank()) {
        throw new ConfigurationException("configuration key must not be blank");
      }
      if (value == null) {
        throw new ConfigurationException("configuration value for " + key + " must not be null");
      }
      String previous = values.putIfAbsent(key, value.trim());
      if (previous != null) {
        throw new ConfigurationException(key + " set twice ('" + previous + "', then '" + value + "')");
      }
      return this;
    }

    /** The config with exactly these values (no system properties, no environment). */
    public MetaStateConfig build() {
      return of(values);
    }
  }
}
