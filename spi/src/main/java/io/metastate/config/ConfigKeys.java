package io.metastate.config;

/** The configuration keys every provider understands. Provider-specific keys are documented by each provider. */
public final class ConfigKeys {
  /** Which provider serves both locks and meta-state: {@code localfile}, {@code zookeeper}, {@code etcd}, ... */
  public static final String PROVIDER = "metastate.provider";
  /** Overrides {@link #PROVIDER} for the lock service only. */
  public static final String LOCK_PROVIDER = "metastate.lock.provider";
  /** Overrides {@link #PROVIDER} for the meta-state service only. */
  public static final String STATE_PROVIDER = "metastate.state.provider";
  /** Session time-to-live, e.g. {@code 10s}, {@code 500ms}, {@code PT10S}. Default {@code 10s}. */
  public static final String SESSION_TTL = "metastate.session.ttl";
  /** The owner id recorded with this client's locks. Default {@code pid@host}. */
  public static final String OWNER_ID = "metastate.owner-id";
  /** Where {@link MetaStateConfig#load()} reads a properties file from (system property or environment). */
  public static final String CONFIG_FILE = "metastate.config";

  private ConfigKeys() {}
}
