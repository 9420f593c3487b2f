package io.metastate.tck;

import static io.metastate.tck.MetaStateContract.bytes;
import static io.metastate.tck.WatchMarks.assertOrdered;
import static io.metastate.tck.WatchMarks.flush;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.metastate.CoordinationClient;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Stat;
import io.metastate.state.Watch;
import io.metastate.state.WatchEvent;
import io.metastate.state.WatchEvent.Type;
import io.metastate.state.WatchScope;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Watches: scopes, revision order with nothing skipped, and RESYNC instead of a silent gap. */
public abstract class WatchContract extends Contract {
  /**
   * Runs {@code end} once {@code ended} saw a marker, then writes five nodes: once {@code open} (a watch that goes on)
   * saw them, {@code ended} must have been told nothing after the marker.
   */
  private void assertToldNothingMore(MetaStateService s, EventLog ended, EventLog open, Runnable end) {
    long before = flush(kit, s, ended, kit.path("before"));
    end.run();
    for (int i = 0; i < 5; i++) {
      s.create(kit.path("after" + i), bytes(""), CreateMode.PERSISTENT);
    }
    flush(kit, s, open, kit.path("last"));
    assertThat(ended.events()).as(ended.describe()).allMatch(e -> e.revision() <= before);
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
      flush(kit, s, marker, kit.path("marker"));
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
      flush(kit, s, log, parent + "/z");
      assertThat(log.events()).extracting(WatchEvent::type, WatchEvent::path).as(log.describe()).containsExactly(
          tuple(Type.CREATED, parent + "/a"),
          tuple(Type.UPDATED, parent + "/a"),
          tuple(Type.DELETED, parent + "/a"),
          tuple(Type.CREATED, parent + "/z"));
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
      flush(kit, s, log, root + "/z");
      assertThat(log.events()).extracting(WatchEvent::type, WatchEvent::path).as(log.describe()).containsExactly(
          tuple(Type.CREATED, root),
          tuple(Type.CREATED, root + "/a"),
          tuple(Type.CREATED, root + "/a/b"),
          tuple(Type.CREATED, root + "/a/b/c"),
          tuple(Type.UPDATED, root + "/a/b"),
          tuple(Type.CREATED, root + "/z"));
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
      assertToldNothingMore(s, closedLog, openLog, () -> {
        closed.close();
        closed.close();
      });
    }
  }

  @Nested
  @DisplayName("a watch that ends")
  class Ends {
    @Test
    @DisplayName("with its client's close is told nothing more, while a watch of another client still is")
    @Verifies("WATCH-2")
    void withItsClient() {
      assertEndsWith(CoordinationClient::close);
    }

    @Test
    @DisplayName("with its session's expiry is told nothing more, while a watch of another client still is")
    @Requires(Capability.EXPIRE_SESSION)
    @Verifies("WATCH-2")
    void withItsSession() {
      assertEndsWith(expiring -> {
        kit.expire(expiring);
        kit.awaitState(expiring, io.metastate.session.SessionState.EXPIRED, kit.expiryTimeout(expiring));
      });
    }

    /** A client watches the base, another client too; {@code end} ends the first client's watch with it. */
    private void assertEndsWith(Consumer<CoordinationClient> end) {
      MetaStateService s = kit.open().state();
      CoordinationClient ending = kit.open();
      EventLog ended = new EventLog();
      EventLog open = new EventLog();
      ending.state().watch(kit.base(), WatchScope.CHILDREN, ended);
      kit.open().state().watch(kit.base(), WatchScope.CHILDREN, open);
      assertToldNothingMore(s, ended, open, () -> end.accept(ending));
    }
  }

  @Nested
  @DisplayName("events")
  class Ordering extends WatchOrderingContract {}
}
