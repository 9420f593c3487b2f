package io.metastate.recipes.testing;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Opens local-file clients on one directory (as separate sessions) and closes them after the test. */
public final class LocalClients implements AutoCloseable {
  /** Short, so that expiry tests stay quick; the uncertainty bound defaults to a third of it. */
  public static final Duration TTL = Duration.ofSeconds(2);

  private final Path dir;
  private final List<CoordinationClient> open = new ArrayList<>();

  public LocalClients(Path dir) {
    this.dir = dir;
  }

  public synchronized CoordinationClient open() {
    CoordinationClient client = MetaState.open(MetaStateConfig.builder()
        .set("metastate.provider", "localfile")
        .set("metastate.localfile.dir", dir.toString())
        .set("metastate.session.ttl", TTL.toMillis() + "ms")
        .set("metastate.owner-id", "owner-" + (open.size() + 1))
        .build());
    open.add(client);
    return client;
  }

  /** Scales a base duration by {@code -Dmetastate.test.timeScale} (default 1). */
  public static Duration scaled(Duration base) {
    double scale = Double.parseDouble(System.getProperty("metastate.test.timeScale", "1"));
    return Duration.ofNanos((long) (base.toNanos() * scale));
  }

  /** Awaitility bounded by 10 s, scaled. */
  public static ConditionFactory await() {
    return Awaitility.await().atMost(scaled(Duration.ofSeconds(10))).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5));
  }

  @Override
  public synchronized void close() {
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (RuntimeException e) {
        // an expired client may refuse to close; it is dead either way
      }
    }
  }
}
