package io.metastate.error;

/**
 * The configuration is missing, malformed or contradictory. Raised before any state changes; the message names the
 * key and the value, and says what would be accepted.
 */
public class ConfigurationException extends CoordinationException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message, false);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, false, cause);
  }
}
