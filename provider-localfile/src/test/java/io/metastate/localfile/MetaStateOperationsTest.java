package io.metastate.localfile;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.InvalidPathException;
import io.metastate.error.NodeExistsException;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.testing.TestTiming;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the kit's MetaStateContract and AsyncContract (run on this provider) do not reach: the exact error types at the
 * root, per-parent sequence counters, the async view's identities, a bounded async pool under 2000 pipelined writes,
 * and defensive copies of data.
 */
@DisplayName("local-file meta-state operations")
class MetaStateOperationsTest {
  @RegisterExtension final Clients clients = new Clients();
  final CoordinationClient client = clients.open();
  final MetaStateService state = client.state();

  static byte[] b(String s) {
    return s.getBytes(UTF_8);
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
