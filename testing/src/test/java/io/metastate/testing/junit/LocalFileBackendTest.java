package io.metastate.testing.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The local-file backend: a config a client opens, a store in its own directory, and no fault hooks. */
class LocalFileBackendTest {
  @RegisterExtension MetaStateBackend store = MetaStateBackend.localFile().withSessionTtl(Duration.ofSeconds(3));

  @Test
  @DisplayName("a per-test backend gives a working config with the chosen session TTL")
  void configOpensAClient() {
    assertThat(store.mode()).isEqualTo(BackendMode.LOCAL_FILE);
    Path dir = Path.of(store.config().require("metastate.localfile.dir"));
    assertThat(dir).isDirectory();
    try (CoordinationClient a = MetaState.open(store.config().with("metastate.owner-id", "a"));
         CoordinationClient b = MetaState.open(store.config().with("metastate.owner-id", "b"))) {
      assertThat(a.session().ttl()).isEqualTo(Duration.ofSeconds(3));
      assertThat(a.locks().tryAcquire("jobs/nightly")).isPresent();
      assertThat(b.locks().tryAcquire("jobs/nightly")).isEmpty();
    }
    assertThat(Files.exists(dir.resolve("metastate.mv.db"))).isTrue();
  }

  @Test
  @DisplayName("fault hooks on a store without a server say so")
  void noFaults() {
    assertThatThrownBy(store::pause).isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("LOCAL_FILE");
  }
}
