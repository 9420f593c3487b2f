package io.metastate.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.ConfigurationException;
import io.metastate.state.CreateMode;
import io.metastate.testing.postgresql.LocalPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The schema is created once on first use, even by clients starting together, and a newer one is refused. */
class SchemaTest {
  private static MetaStateConfig config(String schema) {
    LocalPostgres pg = LocalPostgres.shared();
    return MetaStateConfig.of(Map.of("metastate.provider", "postgresql", PostgresKeys.URL, pg.jdbcUrl(),
        PostgresKeys.USER, LocalPostgres.USER, PostgresKeys.SCHEMA, schema, "metastate.session.ttl", "3s"));
  }

  private static String freshSchema() {
    return "s_" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void clientsStartingTogetherCreateTheSchemaOnceAndShareIt() {
    String schema = freshSchema();
    List<CompletableFuture<CoordinationClient>> opening = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      opening.add(CompletableFuture.supplyAsync(() -> MetaState.open(config(schema))));
    }
    List<CoordinationClient> clients = opening.stream().map(CompletableFuture::join).toList();
    try {
      String path = clients.get(0).state().create("/shared", new byte[] {1}, CreateMode.PERSISTENT);
      for (CoordinationClient c : clients) {
        assertThat(c.providerName()).isEqualTo(PostgresProvider.NAME);
        assertThat(c.state().exists(path)).isPresent();
      }
    } finally {
      clients.forEach(CoordinationClient::close);
    }
  }

  @Test
  void aSchemaWrittenByANewerClientIsRefusedNamingBothVersions() {
    String schema = freshSchema();
    MetaState.open(config(schema)).close();
    try (PostgresAdmin admin = new PostgresAdmin(config(schema))) {
      admin.execute("UPDATE ${schema}.schema_version SET version = " + (Schema.VERSION + 1));
    }
    assertThatThrownBy(() -> MetaState.open(config(schema))).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("version " + (Schema.VERSION + 1)).hasMessageContaining("version " + Schema.VERSION)
        .hasMessageContaining(schema);
  }
}
