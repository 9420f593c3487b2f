package io.metastate.localfile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.BadVersionException;
import io.metastate.error.InvalidPathException;
import io.metastate.error.NoChildrenForEphemeralsException;
import io.metastate.error.NoNodeException;
import io.metastate.error.NodeExistsException;
import io.metastate.error.NotEmptyException;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.Stat;
import io.metastate.testing.TestTiming;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("local-file meta-state operations")
class MetaStateOperationsTest {
  @TempDir Path dir;
  Clients clients;
  CoordinationClient client;
  MetaStateService state;

  @BeforeEach
  void open() {
    clients = new Clients(dir);
    client = clients.open();
    state = client.state();
  }

  @AfterEach
  void close() {
    clients.close();
  }

  static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  @DisplayName("create then get returns the data with version 0 and equal revisions")
  void createAndGet() {
    assertThat(state.create("/a", b("one"), CreateMode.PERSISTENT)).isEqualTo("/a");
    Node node = state.get("/a").orElseThrow();
    assertThat(node.dataAsString()).isEqualTo("one");
    assertThat(node.stat().version()).isZero();
    assertThat(node.stat().createRevision()).isEqualTo(node.stat().modRevision()).isPositive();
    assertThat(node.stat().isEphemeral()).isFalse();
    assertThat(state.exists("/a")).contains(node.stat());
    assertThat(state.get("/missing")).isEmpty();
    assertThat(state.exists("/missing")).isEmpty();
  }

  @Test
  @DisplayName("the root exists, has a stat, and cannot be created, set or deleted")
  void root() {
    assertThat(state.exists("/")).isPresent();
    assertThatThrownBy(() -> state.create("/", b("x"), CreateMode.PERSISTENT)).isInstanceOf(NodeExistsException.class);
    assertThatThrownBy(() -> state.set("/", b("x"), -1)).isInstanceOf(InvalidPathException.class);
    assertThatThrownBy(() -> state.delete("/", -1)).isInstanceOf(InvalidPathException.class);
    assertThatThrownBy(() -> state.deleteRecursive("/")).isInstanceOf(InvalidPathException.class);
  }

  @Test
  @DisplayName("revisions grow across writes and modRevision follows sets")
  void revisions() {
    Stat a = state.exists(state.create("/r1", b(""), CreateMode.PERSISTENT)).orElseThrow();
    Stat b = state.exists(state.create("/r2", b(""), CreateMode.PERSISTENT)).orElseThrow();
    assertThat(b.createRevision()).isGreaterThan(a.createRevision());
    Stat set = state.set("/r1", b("x"), 0);
    assertThat(set.version()).isEqualTo(1);
    assertThat(set.createRevision()).isEqualTo(a.createRevision());
    assertThat(set.modRevision()).isGreaterThan(b.createRevision());
  }

  @Test
  @DisplayName("create fails on an existing node, a missing parent, or an ephemeral parent, changing nothing")
  void createErrors() {
    state.create("/p", b("v"), CreateMode.PERSISTENT);
    assertThatThrownBy(() -> state.create("/p", b("w"), CreateMode.PERSISTENT))
        .isInstanceOf(NodeExistsException.class).hasMessageContaining("/p");
    assertThat(state.get("/p").orElseThrow().dataAsString()).isEqualTo("v");
    assertThatThrownBy(() -> state.create("/nope/child", b(""), CreateMode.PERSISTENT))
        .isInstanceOf(NoNodeException.class).hasMessageContaining("/nope");
    assertThat(state.exists("/nope/child")).isEmpty();
    state.create("/eph", b(""), CreateMode.EPHEMERAL);
    assertThatThrownBy(() -> state.create("/eph/child", b(""), CreateMode.PERSISTENT))
        .isInstanceOf(NoChildrenForEphemeralsException.class);
    assertThatThrownBy(() -> state.createWithParents("/eph/x/y", b(""), CreateMode.PERSISTENT))
        .isInstanceOf(NoChildrenForEphemeralsException.class);
    assertThat(state.exists("/eph/x")).isEmpty();
  }

  @Test
  @DisplayName("ephemeral nodes carry the session id as owner")
  void ephemeralOwner() {
    state.create("/e", b(""), CreateMode.EPHEMERAL);
    assertThat(state.exists("/e").orElseThrow().ephemeralOwner()).isEqualTo(client.session().id()).isNotZero();
  }

  @Test
  @DisplayName("sequential creates append increasing 10-digit suffixes per parent")
  void sequential() {
    state.create("/q", b(""), CreateMode.PERSISTENT);
    state.create("/other", b(""), CreateMode.PERSISTENT);
    String first = state.create("/q/job-", b("1"), CreateMode.PERSISTENT_SEQUENTIAL);
    String second = state.create("/q/job-", b("2"), CreateMode.EPHEMERAL_SEQUENTIAL);
    String elsewhere = state.create("/other/job-", b(""), CreateMode.PERSISTENT_SEQUENTIAL);
    assertThat(first).isEqualTo("/q/job-" + CreateMode.sequenceSuffix(0));
    assertThat(second).isEqualTo("/q/job-" + CreateMode.sequenceSuffix(1));
    assertThat(elsewhere).isEqualTo("/other/job-" + CreateMode.sequenceSuffix(0));
    state.delete(second, -1);
    assertThat(state.create("/q/job-", b(""), CreateMode.PERSISTENT_SEQUENTIAL))
        .isEqualTo("/q/job-" + CreateMode.sequenceSuffix(2));
  }

  @Test
  @DisplayName("createWithParents creates missing ancestors and tolerates existing ones")
  void createWithParents() {
    state.create("/x", b("keep"), CreateMode.PERSISTENT);
    assertThat(state.createWithParents("/x/y/z", b("leaf"), CreateMode.PERSISTENT)).isEqualTo("/x/y/z");
    assertThat(state.get("/x").orElseThrow().dataAsString()).isEqualTo("keep");
    assertThat(state.get("/x/y").orElseThrow().data()).isEmpty();
    assertThat(state.get("/x/y/z").orElseThrow().dataAsString()).isEqualTo("leaf");
    assertThatThrownBy(() -> state.createWithParents("/x/y/z", b(""), CreateMode.PERSISTENT))
        .isInstanceOf(NodeExistsException.class);
  }

  @Test
  @DisplayName("set compares versions and fails on a missing node")
  void setCas() {
    state.create("/s", b("0"), CreateMode.PERSISTENT);
    assertThat(state.set("/s", b("1"), 0).version()).isEqualTo(1);
    assertThatThrownBy(() -> state.set("/s", b("stale"), 0)).isInstanceOf(BadVersionException.class);
    assertThat(state.get("/s").orElseThrow().dataAsString()).isEqualTo("1");
    assertThat(state.set("/s", b("any"), MetaStateService.ANY_VERSION).version()).isEqualTo(2);
    assertThatThrownBy(() -> state.set("/none", b(""), -1)).isInstanceOf(NoNodeException.class);
  }

  @Test
  @DisplayName("delete checks version and emptiness; deleteRecursive removes a subtree")
  void delete() {
    state.createWithParents("/d/c1/g", b(""), CreateMode.PERSISTENT);
    state.create("/d/c2", b(""), CreateMode.PERSISTENT);
    assertThatThrownBy(() -> state.delete("/d", -1)).isInstanceOf(NotEmptyException.class);
    assertThatThrownBy(() -> state.delete("/d/c2", 5)).isInstanceOf(BadVersionException.class);
    assertThatThrownBy(() -> state.delete("/none", -1)).isInstanceOf(NoNodeException.class);
    state.delete("/d/c2", 0);
    assertThat(state.exists("/d/c2")).isEmpty();
    state.deleteRecursive("/d");
    assertThat(state.exists("/d")).isEmpty();
    assertThat(state.exists("/d/c1/g")).isEmpty();
    assertThatThrownBy(() -> state.deleteRecursive("/d")).isInstanceOf(NoNodeException.class);
  }

  @Test
  @DisplayName("children lists sorted names of direct children only")
  void children() {
    state.create("/c", b(""), CreateMode.PERSISTENT);
    state.create("/c/b", b(""), CreateMode.PERSISTENT);
    state.create("/c/a", b(""), CreateMode.PERSISTENT);
    state.create("/c/a/deep", b(""), CreateMode.PERSISTENT);
    state.create("/c-sibling", b(""), CreateMode.PERSISTENT);
    assertThat(state.children("/c")).containsExactly("a", "b");
    assertThat(state.children("/")).contains("c", "c-sibling");
    assertThat(state.children("/c/b")).isEmpty();
    assertThatThrownBy(() -> state.children("/none")).isInstanceOf(NoNodeException.class);
  }

  @Test
  @DisplayName("the async view gives the same results and errors")
  void async() throws Exception {
    assertThat(state.async().create("/as", b("v"), CreateMode.PERSISTENT).toCompletableFuture()
        .get(10, TimeUnit.SECONDS)).isEqualTo("/as");
    assertThat(state.async().get("/as").toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow().dataAsString())
        .isEqualTo("v");
    assertThat(state.async().children("/").toCompletableFuture().get(10, TimeUnit.SECONDS)).contains("as");
    assertThatThrownBy(() -> state.async().create("/as", b(""), CreateMode.PERSISTENT).toCompletableFuture().join())
        .hasCauseInstanceOf(NodeExistsException.class);
    assertThat(state.async().synchronous()).isSameAs(state);
    List<String> none = List.of();
    assertThat(state.async().multi(List.of()).toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(none);
  }

  @Test
  @DisplayName("thousands of pipelined async writes all complete, on a bounded number of threads")
  void pipelined() throws Exception {
    state.create("/pipe", new byte[0], CreateMode.PERSISTENT);
    List<java.util.concurrent.CompletableFuture<String>> calls = new java.util.ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      calls.add(state.async().create("/pipe/n" + i, b("" + i), CreateMode.PERSISTENT).toCompletableFuture());
    }
    long asyncThreads = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("metastate-localfile-async")).count();
    assertThat(asyncThreads).isBetween(1L, (long) StoreThreads.ASYNC_THREADS);
    java.util.concurrent.CompletableFuture.allOf(calls.toArray(java.util.concurrent.CompletableFuture[]::new))
        .get(TestTiming.waitLimit().toSeconds() * 6, TimeUnit.SECONDS);
    assertThat(state.children("/pipe")).hasSize(2000);
    assertThat(state.get("/pipe/n1234").orElseThrow().dataAsString()).isEqualTo("1234");
  }

  @Test
  @DisplayName("data is copied in and out: callers cannot change stored bytes")
  void defensiveCopies() {
    byte[] data = b("abc");
    state.create("/copy", data, CreateMode.PERSISTENT);
    data[0] = 'z';
    assertThat(state.get("/copy").orElseThrow().dataAsString()).isEqualTo("abc");
  }
}
