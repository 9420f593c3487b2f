package io.metastate.localfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.metastate.CoordinationClient;
import io.metastate.state.CreateMode;
import io.metastate.state.Op;
import io.metastate.state.Watch;
import io.metastate.state.WatchEvent;
import io.metastate.state.WatchScope;
import io.metastate.testing.TestTiming;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("local-file watches")
class WatchesTest {
  @RegisterExtension final Clients clients = new Clients();
  final CoordinationClient watcher = clients.open();
  final CoordinationClient writer = clients.open();

  private static List<String> describe(List<WatchEvent> events) {
    return events.stream().map(e -> e.type() + " " + e.path()).toList();
  }

  @Test
  @DisplayName("concurrent writers: every change arrives once, in strictly increasing revision order")
  void concurrentOrder() throws Exception {
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    writer.state().create("/c", new byte[0], CreateMode.PERSISTENT);
    watcher.state().watch("/c", WatchScope.SUBTREE, events::add);
    List<CompletableFuture<Void>> writers = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      CoordinationClient c = clients.open();
      int thread = t;
      writers.add(CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 25; i++) {
          c.state().create("/c/t" + thread + "-" + i, new byte[0], CreateMode.PERSISTENT);
        }
      }));
    }
    CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    await().atMost(TestTiming.waitLimit()).until(() -> events.size() >= 200);
    assertThat(events).hasSize(200);
    assertThat(events.stream().map(WatchEvent::path).distinct().count()).isEqualTo(200);
    assertRevisionsIncrease(events);
    // the revisions are exactly the ones the nodes were created at
    for (WatchEvent e : events) {
      assertThat(writer.state().exists(e.path()).orElseThrow().createRevision()).isEqualTo(e.revision());
    }
  }

  @Test
  @DisplayName("a multi-op's changes arrive together, each with its own increasing revision")
  void multi() {
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    watcher.state().watch("/", WatchScope.CHILDREN, events::add);
    writer.state().multi(List.of(Op.create("/m1", new byte[0], CreateMode.PERSISTENT),
        Op.create("/m2", new byte[0], CreateMode.PERSISTENT), Op.delete("/m1", -1)));
    await().atMost(TestTiming.waitLimit()).until(() -> events.size() == 3);
    assertThat(describe(events)).containsExactly("CREATED /m1", "CREATED /m2", "DELETED /m1");
    assertRevisionsIncrease(events);
  }

  @Test
  @DisplayName("changes made before the watch is registered are not delivered; a closed watch gets nothing more")
  void registrationAndClose() {
    writer.state().create("/before", new byte[0], CreateMode.PERSISTENT);
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    Watch w = watcher.state().watch("/before", WatchScope.NODE, events::add);
    assertThat(w.path()).isEqualTo("/before");
    assertThat(w.scope()).isEqualTo(WatchScope.NODE);
    writer.state().set("/before", new byte[] {1}, 0);
    await().atMost(TestTiming.waitLimit()).until(() -> events.size() == 1);
    w.close();
    w.close();
    writer.state().set("/before", new byte[] {2}, 1);
    // a later watch on the same node proves the second change was published before we look
    List<WatchEvent> probe = new CopyOnWriteArrayList<>();
    watcher.state().watch("/before", WatchScope.NODE, probe::add);
    writer.state().set("/before", new byte[] {3}, 2);
    await().atMost(TestTiming.waitLimit()).until(() -> probe.size() == 1);
    assertThat(describe(events)).containsExactly("UPDATED /before");
  }

  private static void assertRevisionsIncrease(List<WatchEvent> events) {
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).revision()).as("event %d of %s", i, events)
          .isGreaterThan(events.get(i - 1).revision());
    }
  }
}
