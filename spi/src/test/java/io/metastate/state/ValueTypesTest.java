package io.metastate.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.error.InvalidPathException;
import io.metastate.error.ValueTooLargeException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("meta-state value types")
class ValueTypesTest {
  @Test
  @DisplayName("Stat validates versions and revisions and knows ephemeral nodes")
  void stat() {
    Stat s = new Stat(0, 5, 5, Stat.NO_OWNER);
    assertThat(s.isEphemeral()).isFalse();
    assertThat(new Stat(3, 5, 9, 42).isEphemeral()).isTrue();
    assertThatThrownBy(() -> new Stat(-1, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> new Stat(0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Stat(0, 5, 4, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5, 4");
    assertThat(new Stat(1, 2, 3, 4)).isEqualTo(new Stat(1, 2, 3, 4)).isNotEqualTo(new Stat(1, 2, 3, 5));
  }

  @Test
  @DisplayName("Node copies its data in and out and compares by content")
  void node() {
    byte[] data = {1, 2};
    Stat stat = new Stat(0, 1, 1, 0);
    Node n = new Node("/n", data, stat);
    data[0] = 9;
    assertThat(n.data()).containsExactly(1, 2);
    n.data()[1] = 9;
    assertThat(n.data()).containsExactly(1, 2);
    assertThat(new Node("/n", null, stat).data()).isEmpty();
    assertThat(n).isEqualTo(new Node("/n", new byte[] {1, 2}, stat)).hasSameHashCodeAs(new Node("/n", new byte[] {1, 2}, stat));
    assertThat(n).isNotEqualTo(new Node("/n", new byte[] {1, 3}, stat));
    assertThat(new Node("/s", "héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8), stat).dataAsString())
        .isEqualTo("héllo");
  }

  @Test
  @DisplayName("Limits check paths and values and validate themselves")
  void limits() {
    Limits small = new Limits(4, 10);
    assertThat(small.checkPath("/short").value()).isEqualTo("/short");
    assertThatThrownBy(() -> small.checkPath("/much-too-long")).isInstanceOf(InvalidPathException.class)
        .hasMessageContaining("at most 10");
    assertThat(small.checkValue("/p", null)).isEmpty();
    assertThat(small.checkValue("/p", new byte[4])).hasSize(4);
    assertThatThrownBy(() -> small.checkValue("/p", new byte[5])).isInstanceOfSatisfying(ValueTooLargeException.class,
        e -> {
          assertThat(e.size()).isEqualTo(5);
          assertThat(e.limit()).isEqualTo(4);
        }).hasMessageContaining("/p");
    assertThatThrownBy(() -> new Limits(0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Limits(1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Limits(1, NodePath.MAX_LENGTH + 1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(Limits.DEFAULT.maxValueBytes()).isEqualTo(1_000_000);
  }

  @Test
  @DisplayName("Op factories validate paths and versions and copy data")
  void ops() {
    byte[] data = {1};
    Op create = Op.create("/c", data, CreateMode.PERSISTENT);
    data[0] = 2;
    assertThat(((Op.Create) create).data()).containsExactly(1);
    assertThat(create).isEqualTo(Op.create("/c", new byte[] {1}, CreateMode.PERSISTENT))
        .hasSameHashCodeAs(Op.create("/c", new byte[] {1}, CreateMode.PERSISTENT));
    assertThat(Op.set("/s", new byte[] {1}, 3)).isEqualTo(Op.set("/s", new byte[] {1}, 3))
        .isNotEqualTo(Op.set("/s", new byte[] {1}, 4));
    assertThat(((Op.Set) Op.set("/s", null, -1)).data()).isEmpty();
    assertThat(Op.check("/k", Op.ANY_VERSION).path()).isEqualTo("/k");
    assertThat(Op.delete("/d", 0).path()).isEqualTo("/d");
    assertThatThrownBy(() -> Op.check("bad", 0)).isInstanceOf(InvalidPathException.class);
    assertThatThrownBy(() -> Op.create("/a/", new byte[0], CreateMode.PERSISTENT)).isInstanceOf(InvalidPathException.class);
    assertThatThrownBy(() -> Op.set("/a", new byte[0], -2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-2");
    assertThatThrownBy(() -> Op.delete("/a", -5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Op.create("/a", new byte[0], null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Op.lockHeld(null)).isInstanceOf(NullPointerException.class);
    assertThat(create.toString()).contains("/c").contains("1 bytes");
  }

  @Test
  @DisplayName("CreateMode: flags and 10-digit suffixes that sort in creation order")
  void createMode() {
    assertThat(CreateMode.sequenceSuffix(0)).isEqualTo("0000000000");
    assertThat(CreateMode.sequenceSuffix(42)).isEqualTo("0000000042");
    assertThat(CreateMode.sequenceSuffix(9)).isLessThan(CreateMode.sequenceSuffix(10));
    assertThat(CreateMode.EPHEMERAL_SEQUENTIAL.isEphemeral()).isTrue();
    assertThat(CreateMode.EPHEMERAL_SEQUENTIAL.isSequential()).isTrue();
    assertThat(CreateMode.PERSISTENT.isEphemeral()).isFalse();
    assertThat(CreateMode.PERSISTENT_SEQUENTIAL.isSequential()).isTrue();
    assertThat(CreateMode.EPHEMERAL.isSequential()).isFalse();
  }

  @Test
  @DisplayName("WatchScope covers the node, its children, or its subtree")
  void watchScope() {
    NodePath a = NodePath.of("/a");
    NodePath ab = NodePath.of("/a/b");
    NodePath abc = NodePath.of("/a/b/c");
    NodePath other = NodePath.of("/ab");
    assertThat(WatchScope.NODE.covers(a, a)).isTrue();
    assertThat(WatchScope.NODE.covers(a, ab)).isFalse();
    assertThat(WatchScope.CHILDREN.covers(a, ab)).isTrue();
    assertThat(WatchScope.CHILDREN.covers(a, a)).isFalse();
    assertThat(WatchScope.CHILDREN.covers(a, abc)).isFalse();
    assertThat(WatchScope.SUBTREE.covers(a, a)).isTrue();
    assertThat(WatchScope.SUBTREE.covers(a, abc)).isTrue();
    assertThat(WatchScope.SUBTREE.covers(a, other)).isFalse();
    assertThat(WatchScope.CHILDREN.covers(NodePath.ROOT, a)).isTrue();
    assertThat(WatchScope.CHILDREN.covers(NodePath.ROOT, NodePath.ROOT)).isFalse();
  }

  @Test
  @DisplayName("WatchEvent requires a type and a path")
  void watchEvent() {
    assertThatThrownBy(() -> new WatchEvent(null, "/a", 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new WatchEvent(WatchEvent.Type.CREATED, null, 1)).isInstanceOf(NullPointerException.class);
  }
}
