package io.metastate.tck;

import static io.metastate.tck.MetaStateContract.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.error.CoordinationException;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Meta-state written by threads that get interrupted: the client stays usable, no acknowledged write is lost. */
public abstract class MetaStateInterruptContract extends Contract {
  private static final int WRITERS = 3;
  private static final int INTERRUPTS = 60;

  @Test
  @DisplayName("leave the client usable, and every acknowledged write is there for another client")
  @Verifies({"STATE-4", "SESSION-21"})
  void interruptedWriters() throws Exception {
    CoordinationClient c = kit.open();
    MetaStateService s = c.state();
    String dir = s.create(kit.path("w"), new byte[0], CreateMode.PERSISTENT);
    java.util.Set<String> acknowledged = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < WRITERS; t++) {
      int id = t;
      Thread w = new Thread(() -> {
        for (int i = 0; !stop.get(); i++) {
          String path = dir + "/t" + id + "-" + i;
          try {
            s.create(path, bytes("v"), CreateMode.PERSISTENT);
            acknowledged.add(path);
            writes.incrementAndGet();
          } catch (CoordinationException e) {
            // interrupted, or outcome unknown: neither counted nor assumed lost
          }
          Thread.interrupted(); // each write starts without a pending interrupt
        }
      }, "tck-interrupted-writer-" + t);
      w.setDaemon(true);
      writers.add(w);
      w.start();
    }
    try {
      for (int k = 0; k < INTERRUPTS; k++) {
        int before = writes.get();
        writers.get(k % WRITERS).interrupt();
        kit.await().pollInterval(java.time.Duration.ofMillis(1))
            .alias("a write acknowledged after interrupt " + (k + 1) + " (the client must stay usable)")
            .until(() -> writes.get() > before);
      }
    } finally {
      stop.set(true);
      for (Thread w : writers) {
        w.join(kit.timeout().toMillis());
      }
    }
    s.create(kit.path("after"), bytes("x"), CreateMode.PERSISTENT);
    assertThat(s.get(kit.path("after")).orElseThrow().dataAsString()).isEqualTo("x");
    List<String> present = new ArrayList<>();
    kit.open().state().children(dir).forEach(n -> present.add(dir + "/" + n));
    assertThat(present).as("acknowledged writes, read by another client").containsAll(acknowledged);
  }
}
