package io.metastate.provider.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.Ticker;
import io.metastate.error.ClientClosedException;
import io.metastate.error.SessionExpiredException;
import io.metastate.provider.AbstractSession;
import io.metastate.provider.EventDispatcher;
import io.metastate.session.SessionState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the client shell")
class AbstractCoordinationClientTest {
  private final List<String> steps = new CopyOnWriteArrayList<>();

  private static final class TestSession extends AbstractSession {
    TestSession() {
      super(0x2a, "me", Duration.ofSeconds(10), new EventDispatcher(Runnable::run), Ticker.system(), 0);
    }
  }

  private final class TestClient extends AbstractCoordinationClient {
    final TestSession session = new TestSession();
    final String failing;

    TestClient(String failing) {
      super("test", "test client");
      this.failing = failing;
      serve(session, null, null);
      session.moveTo(SessionState.CONNECTED);
    }

    private void step(String name) {
      steps.add(name + (session.state() == SessionState.CLOSED ? " after CLOSED" : ""));
      if (name.equals(failing)) {
        throw new IllegalStateException(name + " failed");
      }
    }

    @Override
    protected void beginClose() {
      step("begin");
    }

    @Override
    protected void stopWatches() {
      step("watches");
    }

    @Override
    protected void endLeases() {
      step("leases");
    }

    @Override
    protected void endSession() {
      step("session");
    }

    @Override
    protected void releaseEngine() {
      step("engine");
    }
  }

  @Test
  @DisplayName("closes once, in order: watches, leases, the backend's session, CLOSED, the engine")
  void order() {
    TestClient client = new TestClient("");
    assertThat(client.providerName()).isEqualTo("test");
    assertThat(client.session()).isSameAs(client.session);
    client.checkUsable();
    assertThat(client.unusable()).isNull();
    client.close();
    client.close();
    assertThat(steps).containsExactly("begin", "watches", "leases", "session", "engine after CLOSED");
    assertThat(client.session().state()).isEqualTo(SessionState.CLOSED);
    assertThat(client.isClosed()).isTrue();
    assertThatThrownBy(client::checkUsable).isInstanceOf(ClientClosedException.class)
        .hasMessageContaining("test client is closed");
  }

  @Test
  @DisplayName("a failing step does not skip the later ones; its exception is thrown after them")
  void failingStep() {
    TestClient client = new TestClient("leases");
    assertThatThrownBy(client::close).isInstanceOf(IllegalStateException.class).hasMessage("leases failed");
    assertThat(steps).containsExactly("begin", "watches", "leases", "session", "engine after CLOSED");
    assertThat(client.session().state()).isEqualTo(SessionState.CLOSED);
  }

  @Test
  @DisplayName("an expired session makes the client unusable with SessionExpiredException")
  void expired() {
    TestClient client = new TestClient("");
    client.session.moveTo(SessionState.EXPIRED);
    assertThatThrownBy(client::checkUsable).isInstanceOf(SessionExpiredException.class)
        .hasMessageContaining("0x2a");
    assertThat(client.unusable()).isInstanceOf(SessionExpiredException.class);
  }
}
