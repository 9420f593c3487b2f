package io.metastate.cdi;

import io.metastate.error.ConfigurationException;

/** Finds the configuration error inside whatever the container wrapped it in. */
final class StartupFailures {
  private StartupFailures() {}

  static ConfigurationException configurationError(Throwable startup) {
    for (Throwable t = startup; t != null; t = t.getCause()) {
      if (t instanceof ConfigurationException e) {
        return e;
      }
    }
    throw new AssertionError("container start-up did not fail with a ConfigurationException", startup);
  }
}
