package io.metastate.localfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metastate.CoordinationClient;
import io.metastate.error.CoordinationException;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.testing.TestTiming;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread interrupted while it writes (an executor's {@code shutdownNow}, a cancelled task) must not break the
 * store for everyone else: Java closes a {@code FileChannel} under an interrupted I/O call.
 */
@DisplayName("local-file under interrupts")
class InterruptTest {
  private static final int WRITERS = 4;
  private static final int INTERRUPTS = 300;

  @TempDir Path dir;

  @Test
  @DisplayName("writers interrupted mid-write leave the store usable, and every acknowledged write survives reopening")
  void interruptedWriters() throws Exception {
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger writes = new AtomicInteger();
    Thread[] writers = new Thread[WRITERS];
    try (CoordinationClient c = LocalFileCoordination.builder().directory(dir).build()) {
      MetaStateService state = c.state();
      state.create("/w", new byte[0], CreateMode.PERSISTENT);
      CountDownLatch started = new CountDownLatch(WRITERS);
      for (int t = 0; t < WRITERS; t++) {
        int id = t;
        writers[t] = new Thread(() -> {
          started.countDown();
          for (int i = 0; !stop.get(); i++) {
            String path = "/w/t" + id + "-" + i;
            try {
              state.create(path, "v".getBytes(StandardCharsets.UTF_8), CreateMode.PERSISTENT);
              acknowledged.add(path);
              writes.incrementAndGet();
            } catch (CoordinationException e) {
              // outcome unknown for this one write, or refused: neither counted nor assumed lost
            }
            Thread.interrupted(); // clear a pending interrupt so the next write starts clean
          }
        }, "interrupted-writer-" + t);
        writers[t].start();
      }
      started.await();
      try {
        for (int k = 0; k < INTERRUPTS; k++) {
          int before = writes.get();
          writers[k % WRITERS].interrupt();
          // the next interrupt only once another write was acknowledged: the store keeps accepting writes
          await().atMost(TestTiming.waitLimit()).pollInterval(Duration.ofMillis(1))
              .alias("a write acknowledged after interrupt " + (k + 1)).until(() -> writes.get() > before);
        }
      } finally {
        stop.set(true);
        for (Thread w : writers) {
          w.join(TestTiming.waitLimit().toMillis());
        }
      }
      // The store still works for this client and a new one.
      state.create("/after", new byte[0], CreateMode.PERSISTENT);
      assertThat(state.exists("/after")).isPresent();
      assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(INTERRUPTS);
    }
    try (CoordinationClient reopened = LocalFileCoordination.builder().directory(dir).build()) {
      Set<String> present = new java.util.HashSet<>();
      reopened.state().children("/w").forEach(n -> present.add("/w/" + n));
      assertThat(present).as("acknowledged writes present after reopening").containsAll(acknowledged);
      assertThat(reopened.state().exists("/after")).isPresent();
    }
  }

  @Test
  @DisplayName("a thread whose interrupt flag is set writes durably, and its flag is still set afterwards")
  void pendingInterrupt() {
    try (CoordinationClient c = LocalFileCoordination.builder().directory(dir).build()) {
      Thread.currentThread().interrupt();
      try {
        c.state().create("/flagged", "v".getBytes(StandardCharsets.UTF_8), CreateMode.PERSISTENT);
        c.state().set("/flagged", "w".getBytes(StandardCharsets.UTF_8), 0);
        assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag after the writes").isTrue();
      } finally {
        Thread.interrupted();
      }
      c.state().create("/next", new byte[0], CreateMode.PERSISTENT);
    }
    try (CoordinationClient reopened = LocalFileCoordination.builder().directory(dir).build()) {
      assertThat(reopened.state().get("/flagged").orElseThrow().dataAsString()).isEqualTo("w");
      assertThat(reopened.state().exists("/next")).isPresent();
    }
  }
}
