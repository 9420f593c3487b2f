package io.metastate.recipes.rangelock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KeyRangeTest {
  @Test
  @DisplayName("a point holds its key and nothing else, not even keys it prefixes")
  void point() {
    KeyRange k = KeyRange.point("k");
    assertThat(k.isPoint()).isTrue();
    assertThat(k.contains("k")).isTrue();
    assertThat(k.contains("k0")).isFalse();
    assertThat(k.contains("j")).isFalse();
    assertThat(k.intersects(KeyRange.point("k0"))).isFalse();
    assertThat(k.toString()).isEqualTo("[k]");
  }

  @Test
  @DisplayName("bounds are half-open; open ends reach the ends of the key space")
  void bounds() {
    assertThat(KeyRange.of("b", "d").contains("b")).isTrue();
    assertThat(KeyRange.of("b", "d").contains("d")).isFalse();
    assertThat(KeyRange.atLeast("b").contains("\uffff")).isTrue();
    assertThat(KeyRange.below("b").contains("")).isTrue();
    assertThat(KeyRange.all().contains("anything")).isTrue();
    assertThat(KeyRange.of("a", "b").intersects(KeyRange.of("b", "c"))).isFalse();
    assertThat(KeyRange.all().toString()).isEqualTo("[-inf, +inf)");
  }

  @Test
  @DisplayName("an empty or reversed range is refused, naming both bounds")
  void invalid() {
    assertThatThrownBy(() -> KeyRange.of("b", "a")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'b'").hasMessageContaining("'a'");
    assertThatThrownBy(() -> KeyRange.of("a", "a")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyRange.point(null)).isInstanceOf(NullPointerException.class);
  }
}
