package io.metastate.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.ConfigurationException;

/** Finds the configuration error inside whatever the container wrapped it in. */
final class StartupFailures {
  private StartupFailures() {}

  /**
   * Boots container {@code id} on {@code config} and asserts that start-up fails with the configuration error that
   * {@code MetaState.open(config)} gives; returns that error's message, for the caller's checks of its content.
   */
  static String assertFailsAsPlainApi(String id, MetaStateConfig config) {
    String expected = catchThrowable(() -> MetaState.open(config)).getMessage();
    Throwable startup = catchThrowable(() -> Containers.boot(id, config));
    assertThat(configurationError(startup)).hasMessage(expected);
    return expected;
  }

  static ConfigurationException configurationError(Throwable startup) {
    for (Throwable t = startup; t != null; t = t.getCause()) {
      if (t instanceof ConfigurationException e) {
        return e;
      }
    }
    throw new AssertionError("container start-up did not fail with a ConfigurationException", startup);
  }
}
