package io.metastate.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.error.InvalidPathException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("lock value types")
class LockValueTypesTest {
  @Test
  @DisplayName("FencingToken is positive and ordered")
  void token() {
    assertThatThrownBy(() -> new FencingToken(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
    assertThatThrownBy(() -> new FencingToken(-7)).isInstanceOf(IllegalArgumentException.class);
    FencingToken one = new FencingToken(1);
    FencingToken two = new FencingToken(2);
    assertThat(two.isNewerThan(one)).isTrue();
    assertThat(one.isNewerThan(two)).isFalse();
    assertThat(one.isNewerThan(new FencingToken(1))).isFalse();
    assertThat(one).isLessThan(two).isEqualTo(new FencingToken(1));
    assertThat(new FencingToken(Long.MAX_VALUE)).isGreaterThan(two);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "job", "partition/7", "a.b_c-d:e", "A/B/C", "..x", "x.."})
  @DisplayName("LockNames accepts well-formed names")
  void validNames(String name) {
    assertThat(LockNames.validate(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/a", "a/", "a//b", ".", "a/./b", "..", "a/../b", "sp ace", "ü", "a\tb", "a*b"})
  @DisplayName("LockNames rejects malformed names naming the name")
  void invalidNames(String name) {
    assertThatThrownBy(() -> LockNames.validate(name)).isInstanceOfSatisfying(InvalidPathException.class,
        e -> assertThat(e.path()).isEqualTo(name));
  }

  @Test
  @DisplayName("LockNames bounds the length and explains characters; prefixes may end with '/'")
  void limitsAndPrefixes() {
    assertThat(LockNames.validate("x".repeat(LockNames.MAX_LENGTH))).hasSize(256);
    assertThatThrownBy(() -> LockNames.validate("x".repeat(257))).hasMessageContaining("257");
    assertThatThrownBy(() -> LockNames.validate(null)).hasMessageContaining("null");
    assertThatThrownBy(() -> LockNames.validate("a b")).hasMessageContaining("' '").hasMessageContaining("at 1");
    assertThat(LockNames.validatePrefix("")).isEmpty();
    assertThat(LockNames.validatePrefix("grp/")).isEqualTo("grp/");
    assertThat(LockNames.validatePrefix("grp")).isEqualTo("grp");
    assertThatThrownBy(() -> LockNames.validatePrefix("/")).isInstanceOf(InvalidPathException.class);
    assertThatThrownBy(() -> LockNames.validatePrefix("a//")).isInstanceOf(InvalidPathException.class);
    assertThatThrownBy(() -> LockNames.validatePrefix(null)).hasMessageContaining("\"\"");
  }

  @Test
  @DisplayName("LockInfo validates its name and requires owner and token")
  void lockInfo() {
    assertThat(new LockInfo("a", "o", 1, new FencingToken(3)).token().value()).isEqualTo(3);
    assertThatThrownBy(() -> new LockInfo("bad name", "o", 1, new FencingToken(1)))
        .isInstanceOf(InvalidPathException.class);
    assertThatThrownBy(() -> new LockInfo("a", null, 1, new FencingToken(1))).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new LockInfo("a", "o", 1, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  @DisplayName("LeaseState: LOST and RELEASED are terminal")
  void leaseState() {
    assertThat(LeaseState.LOST.isTerminal()).isTrue();
    assertThat(LeaseState.RELEASED.isTerminal()).isTrue();
    assertThat(LeaseState.HELD.isTerminal()).isFalse();
    assertThat(LeaseState.UNCERTAIN.isTerminal()).isFalse();
  }
}
