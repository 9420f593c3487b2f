package io.metastate.tck;

import static io.metastate.tck.MetaStateContract.bytes;
import static io.metastate.tck.WatchMarks.assertOrdered;
import static io.metastate.tck.WatchMarks.flush;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.WatchEvent;
import io.metastate.state.WatchEvent.Type;
import io.metastate.state.WatchScope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Watches, events: in revision order, exactly one per write, none skipped, under concurrent writers and faults. */
public abstract class WatchOrderingContract extends Contract {
  @Test
  @DisplayName("of 4 clients writing concurrently arrive in revision order, exactly one per write, none skipped")
  @Verifies("WATCH-5")
  void concurrentWriters() throws Exception {
    List<CoordinationClient> writers = kit.open(4);
    String root = kit.path("w");
    writers.get(0).state().create(root, bytes(""), CreateMode.PERSISTENT);
    EventLog log = new EventLog();
    kit.open().state().watch(root, WatchScope.SUBTREE, log);
    Set<Long> written = Collections.synchronizedSet(new TreeSet<>());
    List<java.util.concurrent.CompletableFuture<Void>> runs = new ArrayList<>();
    for (int w = 0; w < writers.size(); w++) {
      MetaStateService s = writers.get(w).state();
      String mine = root + "/k" + w;
      runs.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
        written.add(s.exists(s.create(mine, bytes("0"), CreateMode.PERSISTENT)).orElseThrow().createRevision());
        for (int i = 1; i < 40; i++) {
          written.add(s.set(mine, bytes(Integer.toString(i)), MetaStateService.ANY_VERSION).modRevision());
        }
      }));
    }
    for (var run : runs) {
      run.get(kit.timeout().multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS);
    }
    long last = java.util.Collections.max(written);
    kit.await().alias("watch sees the last write").until(() -> log.hasRevision(last));
    assertThat(written).hasSize(160);
    assertThat(log.events()).as("events").extracting(WatchEvent::revision).containsExactlyElementsOf(written);
    assertThat(log.events()).noneMatch(e -> e.type() == Type.RESYNC);
  }

  @Test
  @DisplayName("missed while a watcher is cut off are delivered afterwards in order, or replaced by RESYNC, never silently dropped")
  @Requires(Capability.DISCONNECT_CLIENT)
  @Verifies("WATCH-6")
  void noSilentGap() {
    MetaStateService s = kit.open().state();
    String root = kit.path("w");
    EventLog log = new EventLog();
    List<Long> missed = missWhileCutOff(s, root, log, () -> {});
    long end = flush(kit, s, log, root + "/end");
    List<WatchEvent> events = log.events();
    boolean resynced = events.stream().anyMatch(e -> e.type() == Type.RESYNC);
    if (!resynced) {
      assertThat(events).as("without RESYNC, every missed write must arrive: %s", log.describe())
          .extracting(WatchEvent::revision).containsSubsequence(missed);
    }
    assertOrdered(log);
    assertThat(log.hasRevision(end)).isTrue();
  }

  @Test
  @DisplayName("lost to a compaction while a watcher is cut off are replaced by RESYNC, and later events follow it")
  @Requires({Capability.DISCONNECT_CLIENT, Capability.COMPACT_HISTORY})
  @Verifies({"WATCH-8", "WATCH-6"})
  void resyncAfterCompaction() {
    MetaStateService s = kit.open().state();
    String root = kit.path("w");
    EventLog log = new EventLog();
    List<Long> missed = missWhileCutOff(s, root, log, kit::compactHistory);
    long lastMissed = missed.get(missed.size() - 1);
    kit.await().alias("watch reports RESYNC").until(() -> log.events().stream().anyMatch(e -> e.type() == Type.RESYNC));
    long end = flush(kit, s, log, root + "/end");
    List<WatchEvent> events = log.events();
    int resync = events.indexOf(events.stream().filter(e -> e.type() == Type.RESYNC).findFirst().orElseThrow());
    assertThat(events.get(resync).path()).isEqualTo(root);
    assertThat(events.get(resync).revision()).as(log.describe()).isGreaterThanOrEqualTo(lastMissed);
    assertThat(events.subList(resync + 1, events.size())).extracting(WatchEvent::revision).contains(end);
    assertOrdered(log);
  }

  /**
   * A watcher of {@code root}'s subtree, logging to {@code log}, is cut off; {@code s} makes five writes it misses
   * (their revisions are returned), then {@code meanwhile} runs, then the watcher reconnects.
   */
  private List<Long> missWhileCutOff(MetaStateService s, String root, EventLog log, Runnable meanwhile) {
    CoordinationClient watcher = kit.open();
    s.create(root, bytes(""), CreateMode.PERSISTENT);
    watcher.state().watch(root, WatchScope.SUBTREE, log);
    flush(kit, s, log, root + "/start");
    kit.disconnect(watcher);
    kit.awaitState(watcher, io.metastate.session.SessionState.SUSPENDED, kit.timeout());
    List<Long> missed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      missed.add(s.set(root + "/start", bytes("m" + i), MetaStateService.ANY_VERSION).modRevision());
    }
    meanwhile.run();
    kit.reconnect(watcher);
    kit.awaitState(watcher, io.metastate.session.SessionState.CONNECTED, kit.timeout());
    return missed;
  }
}
