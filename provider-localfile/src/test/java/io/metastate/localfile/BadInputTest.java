package io.metastate.localfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.MetaState;
import io.metastate.config.MetaStateConfig;
import io.metastate.error.ConfigurationException;
import io.metastate.error.InvalidPathException;
import io.metastate.error.ProviderNotFoundException;
import io.metastate.error.StoreInUseException;
import io.metastate.error.TransactionFailedException;
import io.metastate.error.ValueTooLargeException;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.Op;
import io.metastate.state.WatchScope;
import io.metastate.testing.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input gets a specific exception with a message a user can act on, and the store is unchanged after. */
@DisplayName("local-file bad input")
class BadInputTest {
  @TempDir Path dir;

  private CoordinationClient open(Path d) {
    return LocalFileCoordination.builder().directory(d).build();
  }

  /** Every node with its stat and data, plus the revision the next write will get. */
  private static Map<String, String> snapshot(MetaStateService s) {
    Map<String, String> all = new TreeMap<>();
    walk(s, "/", all);
    return all;
  }

  private static void walk(MetaStateService s, String path, Map<String, String> out) {
    Node n = s.get(path).orElseThrow();
    out.put(path, n.stat() + " " + n.dataAsString());
    for (String child : s.children(path)) {
      walk(s, path.equals("/") ? "/" + child : path + "/" + child, out);
    }
  }

  /** The tree as it was, and the revision of its last write ({@code written}, the node written last). */
  private record Before(Map<String, String> tree, long lastRevision) {
    static Before record(MetaStateService s, String written) {
      return new Before(snapshot(s), s.exists(written).orElseThrow().modRevision());
    }
  }

  /** Asserts nothing changed, including that no revision was spent: the next write gets the next one. */
  private static void assertUnchanged(MetaStateService s, Before before) {
    assertThat(snapshot(s)).isEqualTo(before.tree());
    String probe = s.create("/probe-", new byte[0], CreateMode.EPHEMERAL_SEQUENTIAL);
    assertThat(s.exists(probe).orElseThrow().createRevision()).isEqualTo(before.lastRevision() + 1);
    s.delete(probe, -1);
  }

  @Test
  @DisplayName("invalid paths are rejected by every operation, naming the path and the rule")
  void invalidPaths() {
    try (CoordinationClient c = open(dir)) {
      MetaStateService s = c.state();
      s.create("/ok", "data".getBytes(), CreateMode.PERSISTENT);
      Before before = Before.record(s, "/ok");
      List<String> bad = List.of("", "relative", "/trailing/", "/double//slash", "/dot/./x", "/up/../x",
          "/ctl\u0001x", "/" + "x".repeat(1024));
      for (String path : bad) {
        List<ThrowingCallable> calls = List.of(
            () -> s.create(path, new byte[0], CreateMode.PERSISTENT),
            () -> s.createWithParents(path, new byte[0], CreateMode.PERSISTENT),
            () -> s.get(path),
            () -> s.exists(path),
            () -> s.set(path, new byte[0], -1),
            () -> s.delete(path, -1),
            () -> s.deleteRecursive(path),
            () -> s.children(path),
            () -> s.watch(path, WatchScope.NODE, e -> { }),
            () -> s.multi(List.of(Op.create(path, new byte[0], CreateMode.PERSISTENT))));
        for (ThrowingCallable call : calls) {
          assertThatThrownBy(call).as("path '%s'", path).isInstanceOf(InvalidPathException.class)
              .hasMessageContaining("invalid path");
        }
      }
      assertThatThrownBy(() -> s.get(null)).isInstanceOf(InvalidPathException.class);
      assertThatThrownBy(() -> s.get("/a//b")).hasMessageContaining("'/a//b'").hasMessageContaining("empty segment");
      // a sequential suffix that would push the path over the limit
      String longest = "/" + "y".repeat(1020);
      assertThatThrownBy(() -> s.create(longest, new byte[0], CreateMode.PERSISTENT_SEQUENTIAL))
          .isInstanceOf(InvalidPathException.class).hasMessageContaining("1024");
      assertUnchanged(s, before);
    }
  }

  @Test
  @DisplayName("oversized values are rejected with size and limit; the limit itself is accepted")
  void oversized() {
    try (CoordinationClient c = open(dir)) {
      MetaStateService s = c.state();
      s.create("/v", "small".getBytes(), CreateMode.PERSISTENT);
      Before before = Before.record(s, "/v");
      byte[] tooBig = new byte[s.limits().maxValueBytes() + 1];
      assertThatThrownBy(() -> s.create("/big", tooBig, CreateMode.PERSISTENT))
          .isInstanceOf(ValueTooLargeException.class).hasMessageContaining("1000001").hasMessageContaining("1000000");
      assertThatThrownBy(() -> s.set("/v", tooBig, -1)).isInstanceOf(ValueTooLargeException.class);
      assertThatThrownBy(() -> s.createWithParents("/deep/big", tooBig, CreateMode.PERSISTENT))
          .isInstanceOf(ValueTooLargeException.class);
      assertThatThrownBy(() -> s.multi(List.of(Op.set("/v", "x".getBytes(), -1), Op.set("/v", tooBig, -1))))
          .isInstanceOf(ValueTooLargeException.class);
      assertUnchanged(s, before);
      byte[] limit = new byte[s.limits().maxValueBytes()];
      limit[limit.length - 1] = 42;
      s.create("/max", limit, CreateMode.PERSISTENT);
      assertThat(s.get("/max").orElseThrow().data()).isEqualTo(limit);
    }
  }

  @Test
  @DisplayName("a failed transaction names its failing op and leaves the store as it was")
  void failedTransaction() {
    try (CoordinationClient c = open(dir)) {
      MetaStateService s = c.state();
      s.create("/t", new byte[0], CreateMode.PERSISTENT);
      Before before = Before.record(s, "/t");
      assertThatThrownBy(() -> s.multi(List.of(Op.create("/t/a", new byte[0], CreateMode.PERSISTENT),
          Op.set("/t", new byte[] {1}, 7))))
          .isInstanceOf(TransactionFailedException.class).hasMessageContaining("operation 1")
          .hasMessageContaining("/t");
      assertUnchanged(s, before);
    }
  }

  @Test
  @DisplayName("an unknown provider name lists the providers on the classpath")
  void unknownProvider() {
    assertThatThrownBy(() -> MetaState.open(MetaStateConfig.builder().set("metastate.provider", "zookeper")
        .set(LocalFileCoordination.DIR_KEY, dir.toString()).build()))
        .isInstanceOfSatisfying(ProviderNotFoundException.class, e -> {
          assertThat(e.requested()).isEqualTo("zookeper");
          assertThat(e.available()).contains("localfile");
        })
        .hasMessageContaining("zookeper").hasMessageContaining("localfile");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  @DisplayName("a missing metastate.localfile.dir names the key and how to set it")
  void missingKey() {
    assertThatThrownBy(() -> MetaState.open(MetaStateConfig.builder().set("metastate.provider", "localfile").build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("metastate.localfile.dir")
        .hasMessageContaining("METASTATE_LOCALFILE_DIR");
  }

  @Test
  @DisplayName("a missing directory is created when its parent exists; a missing parent is an error and creates nothing")
  void missingDirectory() {
    Path child = dir.resolve("new-store");
    try (CoordinationClient c = open(child)) {
      assertThat(child).isDirectory();
      assertThat(child.resolve(Backend.STORE_FILE)).exists();
    }
    Path orphan = dir.resolve("no-parent").resolve("store");
    assertThatThrownBy(() -> open(orphan)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(orphan.toString()).hasMessageContaining("does not exist")
        .hasMessageContaining("mkdir -p");
    assertThat(dir.resolve("no-parent")).doesNotExist();
  }

  @Test
  @DisplayName("a file where the directory should be is an error naming it, and the file is untouched")
  void fileNotDirectory() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "keep me");
    assertThatThrownBy(() -> open(file)).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("not a directory");
    assertThat(file).hasContent("keep me");
  }

  @Test
  @DisplayName("an unwritable directory is an error saying so, and nothing is written into it")
  void unwritable() throws IOException {
    Path target;
    if ("root".equals(System.getProperty("user.name"))) {
      // Permissions do not stop root; /proc refuses new files to everyone.
      target = Path.of("/proc");
    } else {
      target = Files.createDirectory(dir.resolve("read-only"));
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r-xr-xr-x"));
    }
    try {
      assertThatThrownBy(() -> open(target)).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(target.toString()).hasMessageContaining("writable");
      assertThat(target.resolve(Backend.STORE_FILE)).doesNotExist();
      assertThat(target.resolve(DirectoryLock.FILE)).doesNotExist();
    } finally {
      if (!target.startsWith("/proc")) {
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
  }

  @Test
  @DisplayName("the builder refuses a repeated setting, a non-positive TTL and a missing directory")
  void builderFailsFast() {
    assertThatThrownBy(() -> LocalFileCoordination.builder().directory(dir).directory(dir))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("directory set twice");
    assertThatThrownBy(() -> LocalFileCoordination.builder().sessionTtl(Duration.ofSeconds(1))
        .sessionTtl(Duration.ofSeconds(2))).isInstanceOf(ConfigurationException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> LocalFileCoordination.builder().sessionTtl(Duration.ZERO))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("positive");
    assertThatThrownBy(() -> LocalFileCoordination.builder().ownerId(" "))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> LocalFileCoordination.builder().build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("directory");
    assertThatThrownBy(() -> MetaState.open(MetaStateConfig.builder().set("metastate.provider", "localfile")
        .set(LocalFileCoordination.DIR_KEY, dir.toString()).set("metastate.session.ttl", "soon").build()))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("metastate.session.ttl");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  @DisplayName("a directory owned by another process gives StoreInUseException naming it; its data is untouched")
  void inUseByAnotherProcess() throws Exception {
    try (ChildProcess child = ChildProcess.java(StoreHolderMain.class, dir.toString())) {
      List<String> before = child.readUntil("READY");
      assertThat(before).hasSize(1);
      String pid = before.get(0).substring("PID ".length());
      assertThatThrownBy(() -> open(dir)).isInstanceOf(StoreInUseException.class)
          .hasMessageContaining(dir.toRealPath().toString()).hasMessageContaining("pid=" + pid)
          .hasMessageContaining("metastate.localfile.dir");
      assertThatThrownBy(() -> MetaState.open(MetaStateConfig.builder().set("metastate.provider", "localfile")
          .set(LocalFileCoordination.DIR_KEY, dir.toString()).build())).isInstanceOf(StoreInUseException.class);
      child.process().getOutputStream().close();
      assertThat(child.readUntil("CLOSED")).isEmpty();
      assertThat(child.process().waitFor()).isZero();
    }
    try (CoordinationClient c = open(dir)) {
      assertThat(c.state().get("/held-by-child").orElseThrow().dataAsString()).isEqualTo("child");
      assertThat(c.state().children("/")).containsExactly("held-by-child");
    }
  }
}
