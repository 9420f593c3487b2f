package io.metastate.localfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.metastate.CoordinationClient;
import io.metastate.error.ConnectionLossException;
import io.metastate.state.CreateMode;
import io.metastate.state.WatchEvent;
import io.metastate.state.WatchScope;
import io.metastate.testing.TestTiming;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A commit round that fails (here its sync, through the store's test seam) answers "outcome unknown", but its
 * changes stay visible and may become durable with a later round: a watch must not silently miss them.
 */
@DisplayName("local-file: a failed commit round")
class FailedCommitTest {
  @RegisterExtension final Clients clients = new Clients();
  final CoordinationClient watcher = clients.open();
  final CoordinationClient writer = clients.open();

  @Test
  @DisplayName("leaves no silent gap in a watch: its events arrive, or the watch gets RESYNC, before later changes")
  void noSilentGap() {
    List<WatchEvent> events = watchThenFailCreate("/h", WatchScope.CHILDREN, "/h/lost");
    assertThat(writer.state().exists("/h/lost")).as("the failed round's change is still visible").isPresent();
    writer.state().create("/h/after", new byte[0], CreateMode.PERSISTENT);

    await().atMost(TestTiming.waitLimit())
        .until(() -> events.stream().anyMatch(e -> e.path().equals("/h/after")));
    WatchEvent first = events.get(0);
    assertThat(first.type() == WatchEvent.Type.RESYNC || first.path().equals("/h/lost"))
        .as("the watch learns of /h/lost (or that it must re-read) before /h/after; it got %s", events).isTrue();
    if (first.type() == WatchEvent.Type.RESYNC) {
      assertThat(first.path()).isEqualTo("/h");
      assertThat(first.revision()).isGreaterThanOrEqualTo(writer.state().exists("/h/lost").orElseThrow()
          .createRevision());
    }
  }

  @Test
  @DisplayName("leaves watches that cover none of its changes untouched")
  void unaffectedWatches() {
    List<WatchEvent> events = watchThenFailCreate("/other", WatchScope.NODE, "/elsewhere");
    writer.state().set("/other", new byte[] {1}, 0);
    await().atMost(TestTiming.waitLimit()).until(() -> !events.isEmpty());
    assertThat(events).extracting(WatchEvent::type).containsExactly(WatchEvent.Type.UPDATED);
  }

  /**
   * The writer creates {@code watched}, the watcher watches it, then the writer's create of {@code created} fails in
   * its commit round ("outcome unknown"); returns the events the watch has received and will receive.
   */
  private List<WatchEvent> watchThenFailCreate(String watched, WatchScope scope, String created) {
    writer.state().create(watched, new byte[0], CreateMode.PERSISTENT);
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    watcher.state().watch(watched, scope, events::add);
    failNextSync(writer);
    assertThatThrownBy(() -> writer.state().create(created, new byte[0], CreateMode.PERSISTENT))
        .isInstanceOf(ConnectionLossException.class);
    return events;
  }

  private static void failNextSync(CoordinationClient client) {
    Store store = ((LocalClient) client).store();
    AtomicBoolean armed = new AtomicBoolean(true);
    store.durability.beforeSync = () -> {
      if (armed.getAndSet(false)) {
        throw new UncheckedIOException(new java.io.IOException("injected: the disk refused the sync"));
      }
    };
  }
}
