package io.metastate.localfile;

import io.metastate.CoordinationClient;
import io.metastate.Ticker;
import io.metastate.testing.Loopback;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh store directory for each test and the clients opened on it, all closed when the test ends:
 * {@code @RegisterExtension final Clients clients = new Clients();}. The directory exists from construction on, so a
 * test's fields can open their clients in their initializers ({@code final CoordinationClient a = clients.open();}):
 * JUnit builds a new test instance, and so a new {@code Clients}, for each test.
 */
final class Clients implements AfterEachCallback {
  private final List<CoordinationClient> open = new ArrayList<>();
  private final Path dir = Loopback.tempDir("metastate-localfile-");

  /** This test's store directory. */
  Path dir() {
    return dir;
  }

  CoordinationClient open() {
    return open(Ticker.system());
  }

  CoordinationClient open(Ticker ticker) {
    return add(LocalFileCoordination.builder().directory(dir).sessionTtl(Duration.ofSeconds(2)).ticker(ticker)
        .ownerId("owner-" + (open.size() + 1)).build());
  }

  CoordinationClient add(CoordinationClient c) {
    open.add(c);
    return c;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    open.forEach(CoordinationClient::close);
    open.clear();
    Loopback.deleteTree(dir);
  }
}
