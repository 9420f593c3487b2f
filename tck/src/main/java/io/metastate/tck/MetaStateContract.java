package io.metastate.tck;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.BadVersionException;
import io.metastate.error.CoordinationException;
import io.metastate.error.NoChildrenForEphemeralsException;
import io.metastate.error.NoNodeException;
import io.metastate.error.NodeExistsException;
import io.metastate.error.NotEmptyException;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.Stat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Meta-state: every single-node operation, its stat, and its errors. */
public abstract class MetaStateContract extends Contract {
  static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  MetaStateService state() {
    return kit.open().state();
  }

  @Nested
  @DisplayName("create, get and exists")
  class Create {
    @Test
    @DisplayName("create makes a persistent node: data reads back, version 0, createRevision == modRevision > 0, no owner")
    @Verifies({"STATE-1", "STATE-6", "STATE-13", "STATE-23"})
    void create() {
      MetaStateService s = state();
      String path = kit.path("n");
      assertThat(s.create(path, bytes("hello"), CreateMode.PERSISTENT)).isEqualTo(path);
      Node node = s.get(path).orElseThrow();
      assertThat(node.path()).isEqualTo(path);
      assertThat(node.dataAsString()).isEqualTo("hello");
      assertThat(node.stat().version()).isZero();
      assertThat(node.stat().createRevision()).isPositive().isEqualTo(node.stat().modRevision());
      assertThat(node.stat().ephemeralOwner()).isEqualTo(Stat.NO_OWNER);
      assertThat(s.exists(path)).contains(node.stat());
    }

    @Test
    @DisplayName("get and exists return empty for a missing node; null data is stored as empty")
    @Verifies({"STATE-5", "STATE-13"})
    void missing() {
      MetaStateService s = state();
      assertThat(s.get(kit.path("none"))).isEmpty();
      assertThat(s.exists(kit.path("none"))).isEmpty();
      s.create(kit.path("empty"), null, CreateMode.PERSISTENT);
      assertThat(s.get(kit.path("empty")).orElseThrow().data()).isEmpty();
    }

    @Test
    @DisplayName("creating an existing path fails with NodeExistsException naming it, and leaves the node unchanged")
    @Verifies({"STATE-7", "ERROR-2"})
    void exists() {
      MetaStateService s = state();
      String path = kit.path("n");
      s.create(path, bytes("first"), CreateMode.PERSISTENT);
      assertThatThrownBy(() -> s.create(path, bytes("second"), CreateMode.PERSISTENT))
          .isInstanceOfSatisfying(NodeExistsException.class, e -> {
            assertThat(e.path()).isEqualTo(path);
            assertThat(e.isRetrySafe()).isFalse();
          });
      assertThatThrownBy(() -> s.create(path, bytes("third"), CreateMode.EPHEMERAL))
          .isInstanceOf(NodeExistsException.class);
      assertThat(s.get(path).orElseThrow().dataAsString()).isEqualTo("first");
    }

    @Test
    @DisplayName("creating under a missing parent fails with NoNodeException and creates nothing")
    @Verifies("STATE-8")
    void missingParent() {
      MetaStateService s = state();
      assertThatThrownBy(() -> s.create(kit.path("a/b"), bytes("x"), CreateMode.PERSISTENT))
          .isInstanceOf(NoNodeException.class);
      assertThat(s.exists(kit.path("a"))).isEmpty();
      assertThat(s.exists(kit.path("a/b"))).isEmpty();
    }

    @Test
    @DisplayName("createWithParents creates missing ancestors as empty persistent nodes, and fails if the node exists")
    @Verifies({"STATE-10", "STATE-12"})
    void withParents() {
      MetaStateService s = state();
      s.create(kit.path("a"), bytes("keep"), CreateMode.PERSISTENT);
      assertThat(s.createWithParents(kit.path("a/b/c/d"), bytes("leaf"), CreateMode.EPHEMERAL)).isEqualTo(kit.path("a/b/c/d"));
      assertThat(s.get(kit.path("a")).orElseThrow().dataAsString()).isEqualTo("keep");
      Node mid = s.get(kit.path("a/b/c")).orElseThrow();
      assertThat(mid.data()).isEmpty();
      assertThat(mid.stat().isEphemeral()).isFalse();
      assertThat(s.get(kit.path("a/b/c/d")).orElseThrow().stat().ephemeralOwner()).isEqualTo(s.session().id());
      assertThatThrownBy(() -> s.createWithParents(kit.path("a/b"), bytes("x"), CreateMode.PERSISTENT))
          .isInstanceOf(NodeExistsException.class);
    }

    @Test
    @DisplayName("createWithParents by 4 clients at once below the same missing ancestors: every one succeeds")
    @Verifies("STATE-11")
    void withParentsConcurrently() throws Exception {
      List<CoordinationClient> clients = kit.open(4);
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.CompletableFuture<Void>> runs = new ArrayList<>();
      for (int i = 0; i < clients.size(); i++) {
        MetaStateService s = clients.get(i).state();
        String leaf = "leaf" + i;
        runs.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          for (int round = 0; round < 5; round++) {
            s.createWithParents(kit.path("r" + round + "/a/b/" + leaf), bytes(leaf), CreateMode.PERSISTENT);
          }
        }));
      }
      start.countDown();
      for (var run : runs) {
        run.get(kit.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      MetaStateService s = clients.get(0).state();
      for (int round = 0; round < 5; round++) {
        assertThat(s.children(kit.path("r" + round + "/a/b"))).containsExactly("leaf0", "leaf1", "leaf2", "leaf3");
      }
    }

    @Test
    @DisplayName("an ephemeral node records its session as owner, and cannot have children")
    @Verifies({"STATE-9", "STATE-23"})
    void ephemeral() {
      CoordinationClient a = kit.open();
      String path = a.state().create(kit.path("e"), bytes("x"), CreateMode.EPHEMERAL);
      assertThat(a.state().exists(path).orElseThrow().ephemeralOwner()).isEqualTo(a.session().id());
      assertThat(kit.open().state().exists(path).orElseThrow().isEphemeral()).isTrue();
      assertThatThrownBy(() -> a.state().create(path + "/child", bytes("x"), CreateMode.PERSISTENT))
          .isInstanceOf(NoChildrenForEphemeralsException.class);
      assertThatThrownBy(() -> a.state().createWithParents(path + "/child/x", bytes("x"), CreateMode.PERSISTENT))
          .isInstanceOf(NoChildrenForEphemeralsException.class);
      assertThat(a.state().children(path)).isEmpty();
    }

    @Test
    @DisplayName("the root always exists and cannot be created, set or deleted")
    @Verifies("STATE-24")
    void root() {
      MetaStateService s = state();
      assertThat(s.exists("/")).isPresent();
      assertThat(s.children("/")).contains("tck");
      assertThatThrownBy(() -> s.create("/", bytes("x"), CreateMode.PERSISTENT)).isInstanceOf(CoordinationException.class);
      assertThatThrownBy(() -> s.set("/", bytes("x"), MetaStateService.ANY_VERSION)).isInstanceOf(CoordinationException.class);
      assertThatThrownBy(() -> s.delete("/", MetaStateService.ANY_VERSION)).isInstanceOf(CoordinationException.class);
      assertThat(s.exists(kit.base())).isPresent();
    }
  }

  @Nested
  @DisplayName("set and compare-and-set")
  class SetAndCas extends MetaStateSetContract {}

  @Nested
  @DisplayName("delete")
  class Delete {
    @Test
    @DisplayName("delete with the current version or ANY_VERSION removes the node")
    @Verifies("STATE-17")
    void delete() {
      MetaStateService s = state();
      s.create(kit.path("a"), bytes("x"), CreateMode.PERSISTENT);
      s.set(kit.path("a"), bytes("y"), 0);
      s.delete(kit.path("a"), 1);
      assertThat(s.exists(kit.path("a"))).isEmpty();
      s.create(kit.path("b"), bytes("x"), CreateMode.PERSISTENT);
      s.delete(kit.path("b"), MetaStateService.ANY_VERSION);
      assertThat(s.exists(kit.path("b"))).isEmpty();
    }

    @Test
    @DisplayName("delete fails with BadVersionException (stale version), NoNodeException (missing), NotEmptyException (children), changing nothing")
    @Verifies({"STATE-18", "ERROR-2", "ERROR-1"})
    void deleteErrors() {
      MetaStateService s = state();
      s.create(kit.path("a"), bytes("x"), CreateMode.PERSISTENT);
      s.create(kit.path("a/c"), bytes("x"), CreateMode.PERSISTENT);
      assertThatThrownBy(() -> s.delete(kit.path("a"), 3)).isInstanceOf(BadVersionException.class);
      assertThatThrownBy(() -> s.delete(kit.path("a"), 0)).isInstanceOfSatisfying(NotEmptyException.class,
          e -> assertThat(e.path()).isEqualTo(kit.path("a")));
      assertThatThrownBy(() -> s.delete(kit.path("none"), MetaStateService.ANY_VERSION))
          .isInstanceOf(NoNodeException.class);
      assertThat(s.exists(kit.path("a"))).isPresent();
      assertThat(s.exists(kit.path("a/c"))).isPresent();
    }

    @Test
    @DisplayName("deleteRecursive removes a node and its whole subtree, and fails with NoNodeException if missing")
    @Verifies("STATE-19")
    void recursive() {
      MetaStateService s = state();
      s.createWithParents(kit.path("a/b/c"), bytes("x"), CreateMode.PERSISTENT);
      s.create(kit.path("a/b2"), bytes("x"), CreateMode.EPHEMERAL);
      s.create(kit.path("keep"), bytes("x"), CreateMode.PERSISTENT);
      s.deleteRecursive(kit.path("a"));
      assertThat(s.exists(kit.path("a"))).isEmpty();
      assertThat(s.exists(kit.path("a/b/c"))).isEmpty();
      assertThat(s.children(kit.base())).containsExactly("keep");
      assertThatThrownBy(() -> s.deleteRecursive(kit.path("a"))).isInstanceOf(NoNodeException.class);
    }
  }

  @Nested
  @DisplayName("children")
  class Children {
    @Test
    @DisplayName("children returns the names (not paths) of direct children, sorted; a leaf has none")
    @Verifies("STATE-20")
    void children() {
      MetaStateService s = state();
      for (String name : new String[] {"b", "a", "c10", "c9", "A"}) {
        s.create(kit.path(name), bytes(name), CreateMode.PERSISTENT);
      }
      s.create(kit.path("a/deep"), bytes("x"), CreateMode.PERSISTENT);
      assertThat(s.children(kit.base())).containsExactly("A", "a", "b", "c10", "c9");
      assertThat(s.children(kit.path("b"))).isEmpty();
      assertThat(s.children(kit.path("a"))).containsExactly("deep");
    }

    @Test
    @DisplayName("children of a missing node fails with NoNodeException")
    @Verifies("STATE-21")
    void missing() {
      assertThatThrownBy(() -> state().children(kit.path("none"))).isInstanceOf(NoNodeException.class);
    }
  }

  @Nested
  @DisplayName("sequential nodes")
  class Sequential extends MetaStateSequentialContract {}

  @Nested
  @DisplayName("written by threads that get interrupted")
  class Interrupted extends MetaStateInterruptContract {}

  @Nested
  @DisplayName("across a backend restart")
  @Requires(Capability.RESTART_BACKEND)
  class Restart extends MetaStateRestartContract {}
}
