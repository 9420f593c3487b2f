package io.metastate.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.ClientClosedException;
import io.metastate.error.ConfigurationException;
import io.metastate.error.CoordinationException;
import io.metastate.error.ProviderNotFoundException;
import io.metastate.lock.DistributedLockService;
import io.metastate.session.Session;
import io.metastate.session.SessionState;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.testing.ChildProcess;
import io.metastate.testing.TestTiming;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("MetaStateModule")
class MetaStateModuleTest {
  @TempDir Path dir;

  private MetaStateConfig localFile() {
    return MetaStateConfig.of(Map.of("metastate.provider", "localfile", "metastate.localfile.dir", dir.toString()));
  }

  @Test
  @DisplayName("binds one client and its services as singletons")
  void bindsOneClient() {
    Injector injector = Guice.createInjector(MetaStateModule.of(localFile()));
    try (MetaStateLifecycle lifecycle = injector.getInstance(MetaStateLifecycle.class)) {
      CoordinationClient client = injector.getInstance(CoordinationClient.class);
      assertThat(injector.getInstance(CoordinationClient.class)).isSameAs(client);
      assertThat(client.providerName()).isEqualTo("localfile");
      assertThat(injector.getInstance(DistributedLockService.class)).isSameAs(client.locks());
      assertThat(injector.getInstance(MetaStateService.class)).isSameAs(client.state());
      assertThat(injector.getInstance(Session.class)).isSameAs(client.session());
      assertThat(lifecycle.client()).containsSame(client);

      injector.getInstance(MetaStateService.class).create("/guice", "hello".getBytes(StandardCharsets.UTF_8),
          CreateMode.PERSISTENT);
      assertThat(client.state().get("/guice").orElseThrow().dataAsString()).isEqualTo("hello");
    }
  }

  @Test
  @DisplayName("does nothing until first use: an unknown provider fails there with MetaState.open's message")
  void unknownProviderFailsOnFirstUse() {
    MetaStateConfig bad = MetaStateConfig.of(Map.of("metastate.provider", "no-such-backend"));
    String expected = messageOf(() -> MetaState.open(bad));
    assertThat(expected).contains("no-such-backend").contains("localfile");

    Injector injector = Guice.createInjector(MetaStateModule.of(bad));
    assertThatThrownBy(() -> injector.getInstance(MetaStateService.class))
        .isInstanceOf(ProvisionException.class)
        .hasMessageContaining(expected)
        .rootCause().isInstanceOf(ProviderNotFoundException.class).hasMessage(expected);
  }

  @Test
  @DisplayName("a missing provider key fails injector creation in production stage with MetaState.open's message")
  void missingProviderFailsInProduction() {
    MetaStateConfig none = MetaStateConfig.of(Map.of());
    String expected = messageOf(() -> MetaState.open(none));
    assertThat(expected).contains("metastate.provider");

    assertThatThrownBy(() -> Guice.createInjector(Stage.PRODUCTION, MetaStateModule.of(none)))
        .isInstanceOfSatisfying(CreationException.class, e -> assertThat(e.getErrorMessages())
            .isNotEmpty().allSatisfy(m -> assertThat(m.getCause())
                .isInstanceOf(ConfigurationException.class).hasMessage(expected)))
        .hasMessageContaining(expected);
  }

  @Test
  @DisplayName("the lifecycle closes the client and frees the store for the next owner")
  void lifecycleCloses() throws Exception {
    Injector injector = Guice.createInjector(MetaStateModule.of(localFile()));
    CoordinationClient client = injector.getInstance(CoordinationClient.class);
    client.state().create("/guice", "hello".getBytes(StandardCharsets.UTF_8), CreateMode.PERSISTENT);
    // While our client is open, another process cannot have the store: what the check below relies on.
    assertThat(nextOwner()).singleElement().asString().startsWith("REFUSED").contains("in use");

    injector.getInstance(MetaStateLifecycle.class).close();

    assertThat(client.session().state()).isEqualTo(SessionState.CLOSED);
    assertThatThrownBy(() -> client.state().exists("/")).isInstanceOf(ClientClosedException.class);
    assertThat(nextOwner()).containsExactly("OPENED", "DATA hello");
  }

  @Test
  @DisplayName("closing before first use opens nothing, and later use fails clearly")
  void closeBeforeUse() throws Exception {
    Injector injector = Guice.createInjector(MetaStateModule.of(localFile()));
    MetaStateLifecycle lifecycle = injector.getInstance(MetaStateLifecycle.class);
    lifecycle.close();

    assertThat(lifecycle.client()).isEmpty();
    assertThatThrownBy(() -> injector.getInstance(CoordinationClient.class))
        .isInstanceOf(ProvisionException.class).hasMessageContaining("already closed");
    assertThat(nextOwner()).containsExactly("OPENED", "NO-NODE");
  }

  @Test
  @DisplayName("the builder rejects a setting given twice")
  void builderFailsFast() {
    assertThatThrownBy(() -> MetaStateModule.builder().config(localFile()).config(localFile()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("config set twice");
    assertThatThrownBy(() -> MetaStateModule.builder().closeOnShutdown(true).closeOnShutdown(false))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closeOnShutdown set twice");
  }

  /** What another process printed on opening the store: it owns the directory only if nobody here holds it. */
  private List<String> nextOwner() throws Exception {
    try (ChildProcess child = ChildProcess.java(NextOwnerMain.class, dir.toString())) {
      assertThat(child.process().waitFor(TestTiming.seconds(60).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      List<String> lines = new ArrayList<>();
      for (String line = child.readLine(); line != null; line = child.readLine()) {
        lines.add(line);
      }
      return lines;
    }
  }

  private static String messageOf(Runnable action) {
    try {
      action.run();
    } catch (CoordinationException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected MetaState.open to fail");
  }
}
