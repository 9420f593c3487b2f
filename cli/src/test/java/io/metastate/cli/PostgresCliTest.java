package io.metastate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.testing.postgresql.LocalPostgres;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("metastate on the PostgreSQL provider")
class PostgresCliTest extends ProviderCliContract {
  /** The shared server: these tests fault nothing, and each works under a root of its own. */
  static final LocalPostgres POSTGRES = LocalPostgres.shared();

  @Override
  List<String> backend() {
    return List.of("--provider", "postgresql", "--set", "postgresql.url=" + POSTGRES.jdbcUrl(), "--set",
        "postgresql.user=" + LocalPostgres.USER, "--set", "postgresql.schema=cli");
  }

  @Test
  @DisplayName("status shows the provider, its JDBC URL as the endpoint and a connected session")
  void status() throws Exception {
    assertStatus("postgresql", POSTGRES.jdbcUrl());
  }

  @Test
  @DisplayName("as a separate process: create exits 0 with the path on stdout, and another client reads it")
  void subprocess() throws Exception {
    Cli.Result created = Cli.subprocess(Cli.args(backend(), "create", root, "from a process"));
    assertThat(created.status()).as(created.toString()).isZero();
    assertThat(created.out()).isEqualTo(root + "\n");
    assertThat(run("get", root).out()).isEqualTo("from a process\n");
  }
}
