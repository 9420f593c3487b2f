package io.metastate.localfile;

import io.metastate.CoordinationClient;
import io.metastate.Ticker;
import io.metastate.config.ConfigKeys;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.ConfigurationException;
import io.metastate.provider.support.SettingsOnce;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Opens clients of the local-file provider directly, without {@link io.metastate.MetaState} discovery.
 *
 * <pre>{@code
 * try (CoordinationClient client = LocalFileCoordination.builder()
 *     .directory(Path.of("data/metastate"))
 *     .sessionTtl(Duration.ofSeconds(5))
 *     .build()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Every client of one JVM that names the same directory shares one open store and has its own session. Another
 * process naming the directory gets {@link io.metastate.error.StoreInUseException}. A missing directory is created
 * when its parent exists.
 */
public final class LocalFileCoordination {
  /** The store directory ({@code METASTATE_LOCALFILE_DIR} in the environment). Required. */
  public static final String DIR_KEY = "metastate.localfile.dir";

  private LocalFileCoordination() {}

  /** A builder; each setting may be given once. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens a client from configuration: {@value #DIR_KEY} (required), {@code metastate.session.ttl},
   * {@code metastate.owner-id}; sessions read time on the config's {@linkplain MetaStateConfig#ticker() ticker}.
   *
   * @throws ConfigurationException if the directory is unset, cannot be created or written, or is in use
   */
  public static CoordinationClient open(MetaStateConfig config) {
    String dir = config.get(DIR_KEY).orElseThrow(() -> new ConfigurationException("the local-file provider needs "
        + DIR_KEY + ": set it (system property, properties file, or " + MetaStateConfig.envName(DIR_KEY)
        + " in the environment) to a directory this process may write, e.g. ./data/metastate"));
    Path path;
    try {
      path = Path.of(dir);
    } catch (InvalidPathException e) {
      throw new ConfigurationException(DIR_KEY + " = '" + dir + "' is not a valid path: " + e.getMessage(), e);
    }
    return builder().directory(path).sessionTtl(config.sessionTtl()).ownerId(config.ownerId()).ticker(config.ticker())
        .build();
  }

  /** Collects the settings of a client; fails fast on a setting given twice. */
  public static final class Builder {
    private final SettingsOnce settings = SettingsOnce.of("local-file builder");

    private Builder() {}

    /** The store directory (required). Created if missing and its parent exists. */
    public Builder directory(Path directory) {
      Objects.requireNonNull(directory, "directory");
      settings.put("directory", directory);
      return this;
    }

    /** How long the session survives without keep-alive; default {@link MetaStateConfig#DEFAULT_SESSION_TTL}. */
    public Builder sessionTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isZero() || ttl.isNegative()) {
        throw new ConfigurationException(ConfigKeys.SESSION_TTL + " must be positive, was " + ttl);
      }
      settings.put("sessionTtl", ttl);
      return this;
    }

    /** The owner id recorded with this client's locks; default {@code pid@host}. */
    public Builder ownerId(String ownerId) {
      Objects.requireNonNull(ownerId, "ownerId");
      if (ownerId.isBlank()) {
        throw new ConfigurationException(ConfigKeys.OWNER_ID + " must not be blank");
      }
      settings.put("ownerId", ownerId);
      return this;
    }

    /** The monotonic clock that measures the session TTL; default {@link Ticker#system()}. */
    public Builder ticker(Ticker ticker) {
      Objects.requireNonNull(ticker, "ticker");
      settings.put("ticker", ticker);
      return this;
    }

    /**
     * Opens the store (or joins this JVM's open one) and starts a session.
     *
     * @throws ConfigurationException if no directory was given, or it cannot be used
     * @throws io.metastate.error.StoreInUseException if another process owns the directory
     */
    public CoordinationClient build() {
      Path directory = settings.get("directory", Path.class).orElseThrow(() -> new ConfigurationException(
          "local-file builder: directory(...) is required (or set " + DIR_KEY + ")"));
      Duration ttl = settings.get("sessionTtl", Duration.class, MetaStateConfig.DEFAULT_SESSION_TTL);
      String owner = settings.get("ownerId", String.class, MetaStateConfig.of(java.util.Map.of()).ownerId());
      Store store = OpenStores.acquire(directory);
      try {
        return new LocalClient(store, store.newSession(owner, ttl, settings.get("ticker", Ticker.class,
            Ticker.system())));
      } catch (RuntimeException e) {
        store.release();
        throw e;
      }
    }
  }
}
