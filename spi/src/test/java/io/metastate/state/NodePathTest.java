package io.metastate.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.error.InvalidPathException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("NodePath")
class NodePathTest {
  @ParameterizedTest
  @ValueSource(strings = {"/", "/a", "/a/b/c", "/with space", "/ünïcode", "/a.b", "/.hidden", "/...", "/a-b_c:d"})
  @DisplayName("accepts well-formed paths")
  void valid(String path) {
    assertThat(NodePath.of(path).value()).isEqualTo(path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "a/b", "/a/", "//", "/a//b", "/.", "/a/./b", "/..", "/a/../b", "/a\u0000b", "/tab\t",
      "/del\u007f", "/new\nline"})
  @DisplayName("rejects malformed paths with InvalidPathException naming the path")
  void invalid(String path) {
    assertThatThrownBy(() -> NodePath.of(path)).isInstanceOfSatisfying(InvalidPathException.class,
        e -> assertThat(e.path()).isEqualTo(path)).hasMessageContaining("invalid path");
  }

  @Test
  @DisplayName("says what is wrong")
  void messages() {
    assertThatThrownBy(() -> NodePath.of(null)).hasMessageContaining("must not be null");
    assertThatThrownBy(() -> NodePath.of("")).hasMessageContaining("root is \"/\"");
    assertThatThrownBy(() -> NodePath.of("x")).hasMessageContaining("start with '/'");
    assertThatThrownBy(() -> NodePath.of("/x/")).hasMessageContaining("end with '/'");
    assertThatThrownBy(() -> NodePath.of("/a//b")).hasMessageContaining("empty segment");
    assertThatThrownBy(() -> NodePath.of("/a/..")).hasMessageContaining("'..' segment");
    assertThatThrownBy(() -> NodePath.of("/a\u0001")).hasMessageContaining("0x1").hasMessageContaining("index 2");
  }

  @Test
  @DisplayName("accepts exactly MAX_LENGTH characters and no more")
  void length() {
    String max = "/" + "x".repeat(NodePath.MAX_LENGTH - 1);
    assertThat(NodePath.of(max).value()).hasSize(NodePath.MAX_LENGTH);
    assertThatThrownBy(() -> NodePath.of(max + "x")).isInstanceOf(InvalidPathException.class)
        .hasMessageContaining("1025").hasMessageContaining("1024");
  }

  @Test
  @DisplayName("navigates: parent, name, child, segments, depth, lineage")
  void navigation() {
    NodePath p = NodePath.of("/a/b/c");
    assertThat(p.parent()).contains(NodePath.of("/a/b"));
    assertThat(NodePath.of("/a").parent()).contains(NodePath.ROOT);
    assertThat(NodePath.ROOT.parent()).isEmpty();
    assertThat(p.name()).isEqualTo("c");
    assertThat(NodePath.ROOT.name()).isEmpty();
    assertThat(NodePath.ROOT.child("x")).isEqualTo(NodePath.of("/x"));
    assertThat(p.child("d").value()).isEqualTo("/a/b/c/d");
    assertThat(p.segments()).containsExactly("a", "b", "c");
    assertThat(NodePath.ROOT.segments()).isEmpty();
    assertThat(p.depth()).isEqualTo(3);
    assertThat(NodePath.ROOT.depth()).isZero();
    assertThat(p.lineage()).extracting(NodePath::value).containsExactly("/a", "/a/b", "/a/b/c");
    assertThat(NodePath.ROOT.isRoot()).isTrue();
    assertThat(NodePath.of("/").isRoot()).isTrue();
    assertThat(NodePath.of("/")).isSameAs(NodePath.ROOT);
  }

  @Test
  @DisplayName("child rejects names that are not one segment")
  void childNames() {
    for (String bad : new String[] {null, "", "a/b", "/"}) {
      assertThatThrownBy(() -> NodePath.ROOT.child(bad)).isInstanceOf(InvalidPathException.class);
    }
    assertThatThrownBy(() -> NodePath.ROOT.child("..")).isInstanceOf(InvalidPathException.class);
  }

  @Test
  @DisplayName("ancestry is by whole segments, not string prefixes")
  void ancestry() {
    NodePath a = NodePath.of("/a");
    assertThat(a.isAncestorOf(NodePath.of("/a/b"))).isTrue();
    assertThat(a.isAncestorOf(NodePath.of("/a/b/c"))).isTrue();
    assertThat(a.isAncestorOf(NodePath.of("/ab"))).isFalse();
    assertThat(a.isAncestorOf(a)).isFalse();
    assertThat(NodePath.ROOT.isAncestorOf(a)).isTrue();
    assertThat(NodePath.ROOT.isAncestorOf(NodePath.ROOT)).isFalse();
    assertThat(NodePath.of("/a/b").isAncestorOf(a)).isFalse();
  }

  @Test
  @DisplayName("orders by string value")
  void order() {
    assertThat(NodePath.of("/a")).isLessThan(NodePath.of("/b"));
    assertThat(NodePath.of("/a").compareTo(NodePath.of("/a"))).isZero();
    assertThat(NodePath.of("/a/b")).hasToString("/a/b");
  }
}
