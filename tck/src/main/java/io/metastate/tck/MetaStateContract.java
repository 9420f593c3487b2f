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
  class SetAndCas {
    @Test
    @DisplayName("set with the current version replaces the data and bumps version by one and modRevision upward")
    @Verifies({"STATE-1", "STATE-14", "STATE-13"})
    void set() {
      MetaStateService s = state();
      String path = kit.path("n");
      s.create(path, bytes("v0"), CreateMode.PERSISTENT);
      Stat before = s.exists(path).orElseThrow();
      Stat after = s.set(path, bytes("v1"), 0);
      assertThat(after.version()).isEqualTo(1);
      assertThat(after.createRevision()).isEqualTo(before.createRevision());
      assertThat(after.modRevision()).isGreaterThan(before.modRevision());
      Node read = s.get(path).orElseThrow();
      assertThat(read.dataAsString()).isEqualTo("v1");
      assertThat(read.stat()).isEqualTo(after);
      assertThat(s.set(path, bytes("v2"), 1).version()).isEqualTo(2);
    }

    @Test
    @DisplayName("set with a stale version fails with BadVersionException and changes nothing")
    @Verifies({"STATE-15", "ERROR-2"})
    void staleVersion() {
      MetaStateService s = state();
      String path = kit.path("n");
      s.create(path, bytes("v0"), CreateMode.PERSISTENT);
      s.set(path, bytes("v1"), 0);
      Node before = s.get(path).orElseThrow();
      assertThatThrownBy(() -> s.set(path, bytes("lost"), 0)).isInstanceOfSatisfying(BadVersionException.class, e -> {
        assertThat(e.path()).isEqualTo(path);
        assertThat(e.expectedVersion()).isZero();
        assertThat(e.isRetrySafe()).isFalse();
      });
      assertThatThrownBy(() -> s.set(path, bytes("lost"), 7)).isInstanceOf(BadVersionException.class);
      assertThat(s.get(path)).contains(before);
    }

    @Test
    @DisplayName("set with ANY_VERSION always applies; set of a missing node fails with NoNodeException")
    @Verifies({"STATE-14", "STATE-16", "ERROR-2"})
    void anyVersion() {
      MetaStateService s = state();
      String path = kit.path("n");
      s.create(path, bytes("v0"), CreateMode.PERSISTENT);
      assertThat(s.set(path, bytes("a"), MetaStateService.ANY_VERSION).version()).isEqualTo(1);
      assertThat(s.set(path, bytes("b"), MetaStateService.ANY_VERSION).version()).isEqualTo(2);
      assertThatThrownBy(() -> s.set(kit.path("none"), bytes("x"), MetaStateService.ANY_VERSION))
          .isInstanceOfSatisfying(NoNodeException.class, e -> assertThat(e.path()).isEqualTo(kit.path("none")));
      assertThat(s.exists(kit.path("none"))).isEmpty();
    }

    @Test
    @DisplayName("concurrent compare-and-sets on one node: exactly one per version wins, none is lost")
    @Verifies({"STATE-15", "STATE-1"})
    void concurrentCas() throws Exception {
      String path = kit.path("counter");
      List<CoordinationClient> clients = kit.open(4);
      clients.get(0).state().create(path, bytes("0"), CreateMode.PERSISTENT);
      int perClient = 15;
      List<java.util.concurrent.Future<Integer>> futures = new ArrayList<>();
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients.size());
      try {
        for (CoordinationClient c : clients) {
          futures.add(pool.submit(() -> {
            int conflicts = 0;
            for (int done = 0; done < perClient; ) {
              Node n = c.state().get(path).orElseThrow();
              int v = Integer.parseInt(n.dataAsString());
              try {
                c.state().set(path, bytes(Integer.toString(v + 1)), n.stat().version());
                done++;
              } catch (BadVersionException e) {
                conflicts++;
              }
            }
            return conflicts;
          }));
        }
        for (var f : futures) {
          f.get(kit.timeout().multipliedBy(3).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      Node end = clients.get(0).state().get(path).orElseThrow();
      assertThat(end.dataAsString()).isEqualTo(Integer.toString(perClient * clients.size()));
      assertThat(end.stat().version()).isEqualTo(perClient * clients.size());
    }

    @Test
    @DisplayName("revisions are provider-global and monotonic: each write's modRevision exceeds every earlier write's")
    @Verifies("STATE-2")
    void revisions() {
      MetaStateService s = state();
      long last = 0;
      for (int i = 0; i < 6; i++) {
        String p = s.create(kit.path("r" + i), bytes("x"), CreateMode.PERSISTENT);
        Stat created = s.exists(p).orElseThrow();
        assertThat(created.createRevision()).isGreaterThan(last);
        Stat updated = s.set(kit.path("r" + (i / 2)), bytes("y" + i), MetaStateService.ANY_VERSION);
        assertThat(updated.modRevision()).isGreaterThan(created.modRevision());
        last = updated.modRevision();
      }
    }
  }

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
  class Sequential {
    @Test
    @DisplayName("get a 10-digit zero-padded suffix that increases under one parent, across modes and deletes")
    @Verifies({"STATE-22", "STATE-6"})
    void suffixes() {
      MetaStateService s = state();
      s.create(kit.path("q"), bytes(""), CreateMode.PERSISTENT);
      List<String> created = new ArrayList<>();
      CreateMode[] modes = {CreateMode.PERSISTENT_SEQUENTIAL, CreateMode.EPHEMERAL_SEQUENTIAL,
          CreateMode.PERSISTENT_SEQUENTIAL, CreateMode.EPHEMERAL_SEQUENTIAL};
      for (CreateMode mode : modes) {
        String p = s.create(kit.path("q/item-"), bytes(mode.name()), mode);
        assertThat(p).matches(java.util.regex.Pattern.quote(kit.path("q/item-")) + "\\d{10}");
        assertThat(s.get(p).orElseThrow().dataAsString()).isEqualTo(mode.name());
        assertThat(s.get(p).orElseThrow().stat().isEphemeral()).isEqualTo(mode.isEphemeral());
        created.add(p);
        s.delete(p, MetaStateService.ANY_VERSION);
      }
      String last = s.create(kit.path("q/item-"), bytes("x"), CreateMode.PERSISTENT_SEQUENTIAL);
      created.add(last);
      assertThat(created).isSorted().doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("created concurrently by several clients, all get distinct names that sort in creation order")
    @Verifies("STATE-22")
    void concurrent() {
      List<CoordinationClient> clients = kit.open(3);
      String parent = kit.path("q");
      clients.get(0).state().create(parent, bytes(""), CreateMode.PERSISTENT);
      List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());
      clients.parallelStream().forEach(c -> {
        String previous = "";
        for (int i = 0; i < 10; i++) {
          String p = c.state().create(parent + "/s-", bytes(""), CreateMode.PERSISTENT_SEQUENTIAL);
          assertThat(p).isGreaterThan(previous);
          previous = p;
          all.add(p);
        }
      });
      assertThat(all).doesNotHaveDuplicates().hasSize(30);
      assertThat(clients.get(0).state().children(parent)).hasSize(30).isSorted();
    }
  }

  @Nested
  @DisplayName("written by threads that get interrupted")
  class Interrupted {
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

  @Nested
  @DisplayName("across a backend restart")
  @Requires(Capability.RESTART_BACKEND)
  class Restart {
    @Test
    @DisplayName("acknowledged writes keep their data and stat, and later writes get higher revisions")
    @Verifies({"STATE-3", "STATE-4"})
    void durable() {
      MetaStateService before = state();
      before.create(kit.path("a"), bytes("a0"), CreateMode.PERSISTENT);
      Stat set = before.set(kit.path("a"), bytes("a1"), 0);
      String seq = before.create(kit.path("s-"), bytes("s"), CreateMode.PERSISTENT_SEQUENTIAL);
      before.multi(java.util.List.of(io.metastate.state.Op.create(kit.path("m"), bytes("m"), CreateMode.PERSISTENT)));
      long highest = before.exists(kit.path("m")).orElseThrow().modRevision();
      kit.restartBackend();
      MetaStateService after = state();
      Node a = kit.await(kit.timeout().multipliedBy(3)).ignoreExceptions()
          .until(() -> after.get(kit.path("a")), java.util.Optional::isPresent).orElseThrow();
      assertThat(a.dataAsString()).isEqualTo("a1");
      assertThat(a.stat()).isEqualTo(set);
      assertThat(after.get(seq).orElseThrow().dataAsString()).isEqualTo("s");
      assertThat(after.get(kit.path("m")).orElseThrow().dataAsString()).isEqualTo("m");
      assertThat(after.set(kit.path("a"), bytes("a2"), 1).modRevision()).isGreaterThan(highest);
      String nextSeq = after.create(kit.path("s-"), bytes("s"), CreateMode.PERSISTENT_SEQUENTIAL);
      assertThat(nextSeq).isGreaterThan(seq);
    }
  }
}
