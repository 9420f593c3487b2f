package io.metastate.tck;

import static io.metastate.tck.MetaStateContract.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Stat;
import io.metastate.state.Watch;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Watches: scopes, revision order with nothing skipped, and RESYNC instead of a silent gap. */
public abstract class WatchContract extends Contract {

  /** Writes a marker below the base and waits until {@code log} has seen it: everything before is delivered. */
  private long flush(MetaStateService writer, EventLog log, String markerPath) {
    long revision = writer.exists(markerPath).isPresent()
        ? writer.set(markerPath, bytes("m"), MetaStateService.ANY_VERSION).modRevision()
        : created(writer, markerPath);
    kit.await().alias("watch sees the marker write at revision " + revision).until(() -> log.hasRevision(revision));
    return revision;
  }

  private static long created(MetaStateService s, String path) {
    return s.exists(s.create(path, bytes("m"), CreateMode.PERSISTENT)).orElseThrow().createRevision();
  }

  private static void assertOrdered(EventLog log) {
    List<WatchEvent> events = log.events();
    for (int i = 1; i < events.size(); i++) {
      if (events.get(i).type() != Type.RESYNC && events.get(i - 1).type() != Type.RESYNC) {
        assertThat(events.get(i).revision()).as("event %d of %s", i, log.describe())
            .isGreaterThan(events.get(i - 1).revision());
      }
    }
  }

  @Nested
  @DisplayName("a watch")
  class Scopes {
    @Test
    @DisplayName("on a node sees its creation, updates and deletion with their revisions, in order, and nothing else")
    @Verifies({"WATCH-1", "WATCH-10", "WATCH-7", "WATCH-5"})
    void node() {
      CoordinationClient w = kit.open();
      MetaStateService s = kit.open().state();
      String path = kit.path("n");
      EventLog log = new EventLog();
      w.state().watch(path, WatchScope.NODE, log);
      EventLog marker = new EventLog();
      w.state().watch(kit.path("marker"), WatchScope.NODE, marker);
      s.create(path, bytes("0"), CreateMode.PERSISTENT);
      Stat created = s.exists(path).orElseThrow();
      Stat updated = s.set(path, bytes("1"), 0);
      s.create(path + "/child", bytes("c"), CreateMode.PERSISTENT);
      s.create(kit.path("sibling"), bytes("s"), CreateMode.PERSISTENT);
      s.delete(path + "/child", -1);
      s.delete(path, -1);
      flush(s, marker, kit.path("marker"));
      kit.await().alias("watch sees the deletion").until(() -> log.has(Type.DELETED, path));
      List<WatchEvent> events = log.events();
      assertThat(events).as(log.describe()).hasSize(3);
      assertThat(events.get(0)).isEqualTo(new WatchEvent(Type.CREATED, path, created.createRevision()));
      assertThat(events.get(1)).isEqualTo(new WatchEvent(Type.UPDATED, path, updated.modRevision()));
      assertThat(events.get(2).type()).isEqualTo(Type.DELETED);
      assertThat(events.get(2).revision()).isGreaterThan(updated.modRevision());
    }

    @Test
    @DisplayName("on children sees direct children created, updated and deleted, not the node itself or grandchildren")
    @Verifies({"WATCH-11", "WATCH-5", "WATCH-7"})
    void children() {
      MetaStateService s = kit.open().state();
      String parent = kit.path("p");
      s.create(parent, bytes(""), CreateMode.PERSISTENT);
      EventLog log = new EventLog();
      kit.open().state().watch(parent, WatchScope.CHILDREN, log);
      s.set(parent, bytes("self"), -1);
      s.create(parent + "/a", bytes(""), CreateMode.PERSISTENT);
      s.create(parent + "/a/grand", bytes(""), CreateMode.PERSISTENT);
      s.set(parent + "/a", bytes("x"), 0);
      s.delete(parent + "/a/grand", -1);
      s.delete(parent + "/a", -1);
      flush(s, log, parent + "/z");
      assertThat(log.events()).extracting(WatchEvent::type, WatchEvent::path).as(log.describe()).containsExactly(
          org.assertj.core.groups.Tuple.tuple(Type.CREATED, parent + "/a"),
          org.assertj.core.groups.Tuple.tuple(Type.UPDATED, parent + "/a"),
          org.assertj.core.groups.Tuple.tuple(Type.DELETED, parent + "/a"),
          org.assertj.core.groups.Tuple.tuple(Type.CREATED, parent + "/z"));
      assertOrdered(log);
    }

    @Test
    @DisplayName("on a subtree sees the node and every descendant, but not its siblings")
    @Verifies({"WATCH-12", "WATCH-1"})
    void subtree() {
      MetaStateService s = kit.open().state();
      String root = kit.path("t");
      EventLog log = new EventLog();
      kit.open().state().watch(root, WatchScope.SUBTREE, log);
      s.create(root, bytes(""), CreateMode.PERSISTENT);
      s.create(kit.path("t2"), bytes(""), CreateMode.PERSISTENT);
      s.createWithParents(root + "/a/b/c", bytes(""), CreateMode.PERSISTENT);
      s.set(root + "/a/b", bytes("x"), 0);
      flush(s, log, root + "/z");
      assertThat(log.events()).extracting(WatchEvent::type, WatchEvent::path).as(log.describe()).containsExactly(
          org.assertj.core.groups.Tuple.tuple(Type.CREATED, root),
          org.assertj.core.groups.Tuple.tuple(Type.CREATED, root + "/a"),
          org.assertj.core.groups.Tuple.tuple(Type.CREATED, root + "/a/b"),
          org.assertj.core.groups.Tuple.tuple(Type.CREATED, root + "/a/b/c"),
          org.assertj.core.groups.Tuple.tuple(Type.UPDATED, root + "/a/b"),
          org.assertj.core.groups.Tuple.tuple(Type.CREATED, root + "/z"));
      assertOrdered(log);
    }

    @Test
    @DisplayName("sees an ephemeral node's deletion when its owner's session ends")
    @Verifies("WATCH-9")
    void ephemeralDeletion() {
      CoordinationClient owner = kit.open();
      String path = owner.state().create(kit.path("e"), bytes(""), CreateMode.EPHEMERAL);
      EventLog log = new EventLog();
      kit.open().state().watch(path, WatchScope.NODE, log);
      owner.close();
      kit.await().until(() -> log.has(Type.DELETED, path));
    }

    @Test
    @DisplayName("stops delivering once closed")
    @Verifies({"WATCH-3", "WATCH-4"})
    void close() {
      MetaStateService s = kit.open().state();
      CoordinationClient w = kit.open();
      EventLog closedLog = new EventLog();
      EventLog openLog = new EventLog();
      Watch closed = w.state().watch(kit.base(), WatchScope.CHILDREN, closedLog);
      w.state().watch(kit.base(), WatchScope.CHILDREN, openLog);
      assertThat(closed.path()).isEqualTo(kit.base());
      assertThat(closed.scope()).isEqualTo(WatchScope.CHILDREN);
      long before = flush(s, closedLog, kit.path("before"));
      closed.close();
      closed.close();
      for (int i = 0; i < 5; i++) {
        s.create(kit.path("after" + i), bytes(""), CreateMode.PERSISTENT);
      }
      flush(s, openLog, kit.path("last"));
      assertThat(closedLog.events()).as(closedLog.describe()).allMatch(e -> e.revision() <= before);
    }
  }

  @Nested
  @DisplayName("a watch that ends")
  class Ends {
    @Test
    @DisplayName("with its client's close is told nothing more, while a watch of another client still is")
    @Verifies("WATCH-2")
    void withItsClient() {
      MetaStateService s = kit.open().state();
      CoordinationClient closing = kit.open();
      EventLog ended = new EventLog();
      EventLog open = new EventLog();
      closing.state().watch(kit.base(), WatchScope.CHILDREN, ended);
      kit.open().state().watch(kit.base(), WatchScope.CHILDREN, open);
      long before = flush(s, ended, kit.path("before"));
      closing.close();
      for (int i = 0; i < 5; i++) {
        s.create(kit.path("after" + i), bytes(""), CreateMode.PERSISTENT);
      }
      flush(s, open, kit.path("last"));
      assertThat(ended.events()).as(ended.describe()).allMatch(e -> e.revision() <= before);
    }

    @Test
    @DisplayName("with its session's expiry is told nothing more, while a watch of another client still is")
    @Requires(Capability.EXPIRE_SESSION)
    @Verifies("WATCH-2")
    void withItsSession() {
      MetaStateService s = kit.open().state();
      CoordinationClient expiring = kit.open();
      EventLog ended = new EventLog();
      EventLog open = new EventLog();
      expiring.state().watch(kit.base(), WatchScope.CHILDREN, ended);
      kit.open().state().watch(kit.base(), WatchScope.CHILDREN, open);
      long before = flush(s, ended, kit.path("before"));
      kit.expire(expiring);
      kit.awaitState(expiring, io.metastate.session.SessionState.EXPIRED, kit.expiryTimeout(expiring));
      for (int i = 0; i < 5; i++) {
        s.create(kit.path("after" + i), bytes(""), CreateMode.PERSISTENT);
      }
      flush(s, open, kit.path("last"));
      assertThat(ended.events()).as(ended.describe()).allMatch(e -> e.revision() <= before);
    }
  }

  @Nested
  @DisplayName("events")
  class Ordering {
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
      CoordinationClient watcher = kit.open();
      MetaStateService s = kit.open().state();
      String root = kit.path("w");
      s.create(root, bytes(""), CreateMode.PERSISTENT);
      EventLog log = new EventLog();
      watcher.state().watch(root, WatchScope.SUBTREE, log);
      flush(s, log, root + "/start");
      kit.disconnect(watcher);
      kit.awaitState(watcher, io.metastate.session.SessionState.SUSPENDED, kit.timeout());
      List<Long> missed = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        missed.add(s.set(root + "/start", bytes("m" + i), MetaStateService.ANY_VERSION).modRevision());
      }
      kit.reconnect(watcher);
      kit.awaitState(watcher, io.metastate.session.SessionState.CONNECTED, kit.timeout());
      long end = flush(s, log, root + "/end");
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
      CoordinationClient watcher = kit.open();
      MetaStateService s = kit.open().state();
      String root = kit.path("w");
      s.create(root, bytes(""), CreateMode.PERSISTENT);
      EventLog log = new EventLog();
      watcher.state().watch(root, WatchScope.SUBTREE, log);
      flush(s, log, root + "/start");
      kit.disconnect(watcher);
      kit.awaitState(watcher, io.metastate.session.SessionState.SUSPENDED, kit.timeout());
      long lastMissed = 0;
      for (int i = 0; i < 5; i++) {
        lastMissed = s.set(root + "/start", bytes("m" + i), MetaStateService.ANY_VERSION).modRevision();
      }
      kit.compactHistory();
      kit.reconnect(watcher);
      kit.awaitState(watcher, io.metastate.session.SessionState.CONNECTED, kit.timeout());
      kit.await().alias("watch reports RESYNC").until(() -> log.events().stream().anyMatch(e -> e.type() == Type.RESYNC));
      long end = flush(s, log, root + "/end");
      List<WatchEvent> events = log.events();
      int resync = events.indexOf(events.stream().filter(e -> e.type() == Type.RESYNC).findFirst().orElseThrow());
      assertThat(events.get(resync).path()).isEqualTo(root);
      assertThat(events.get(resync).revision()).as(log.describe()).isGreaterThanOrEqualTo(lastMissed);
      assertThat(events.subList(resync + 1, events.size())).extracting(WatchEvent::revision).contains(end);
      assertOrdered(log);
    }
  }
}
