package io.metastate.error;

import java.util.List;

/** No provider with the configured name is on the classpath; the message lists those that are. */
public final class ProviderNotFoundException extends ConfigurationException {
  private static final long serialVersionUID = 1L;
  private final String requested;
  private final List<String> available;

  public ProviderNotFoundException(String key, String requested, List<String> available) {
    super("no metastate provider named '" + requested + "' (from " + key + "); providers on the classpath: "
        + (available.isEmpty() ? "none (add metastate-provider-localfile, -zookeeper or -etcd)" : available));
    this.requested = requested;
    this.available = List.copyOf(available);
  }

  /** The name that was asked for. */
  public String requested() {
    return requested;
  }

  /** Names of the providers found by {@link java.util.ServiceLoader}, sorted. */
  public List<String> available() {
    return available;
  }
}
