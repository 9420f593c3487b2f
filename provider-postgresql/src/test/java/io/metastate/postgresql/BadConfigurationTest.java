package io.metastate.postgresql;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.BackendUnavailableException;
import io.metastate.error.ConfigurationException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each bad or missing key is refused before anything is opened, with a message naming the key and the value. */
class BadConfigurationTest {
  private static MetaStateConfig with(String... keyValues) {
    Map<String, String> m = new HashMap<>(Map.of("metastate.provider", "postgresql"));
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return MetaStateConfig.of(m);
  }

  @Test
  void theUrlIsRequiredAndMustBeAPostgresJdbcUrl() {
    assertThatThrownBy(() -> MetaState.open(with())).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(PostgresKeys.URL);
    assertThatThrownBy(() -> MetaState.open(with(PostgresKeys.URL, "jdbc:mysql://x/y")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(PostgresKeys.URL)
        .hasMessageContaining("jdbc:mysql://x/y");
  }

  @Test
  void badValuesNameTheirKey() {
    String url = "jdbc:postgresql://127.0.0.1:1/db";
    assertThatThrownBy(() -> MetaState.open(with(PostgresKeys.URL, url, PostgresKeys.SCHEMA, "Drop;Table")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(PostgresKeys.SCHEMA)
        .hasMessageContaining("Drop;Table");
    assertThatThrownBy(() -> MetaState.open(with(PostgresKeys.URL, url, PostgresKeys.SSL_MODE, "sometimes")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(PostgresKeys.SSL_MODE)
        .hasMessageContaining("verify-full");
    assertThatThrownBy(() -> MetaState.open(with(PostgresKeys.URL, url, PostgresKeys.SSL_ROOT_CERT, "/no/such.pem")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(PostgresKeys.SSL_ROOT_CERT);
    assertThatThrownBy(() -> MetaState.open(with(PostgresKeys.URL, url, PostgresKeys.POOL_SIZE, "0")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(PostgresKeys.POOL_SIZE);
    assertThatThrownBy(() -> MetaState.open(with(PostgresKeys.URL, url, PostgresKeys.PASSWORD, "secret")))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining(PostgresKeys.USER);
  }

  @Test
  void anUnreachableDatabaseFailsFastAsUnavailable() {
    assertThatThrownBy(() -> MetaState.open(with(PostgresKeys.URL, "jdbc:postgresql://127.0.0.1:1/db",
        PostgresKeys.CONNECT_TIMEOUT, "1s"))).isInstanceOf(BackendUnavailableException.class)
        .hasMessageContaining(PostgresKeys.URL);
  }
}
