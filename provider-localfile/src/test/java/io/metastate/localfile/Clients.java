package io.metastate.localfile;

import io.metastate.CoordinationClient;
import io.metastate.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Opens clients on one directory and closes them all at the end of a test. */
final class Clients implements AutoCloseable {
  private final Path dir;
  private final List<CoordinationClient> open = new ArrayList<>();

  Clients(Path dir) {
    this.dir = dir;
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
  public void close() {
    open.forEach(CoordinationClient::close);
  }
}
