package io.metastate.tck;

import static io.metastate.tck.MetaStateContract.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.error.InvalidPathException;
import io.metastate.error.ValueTooLargeException;
import io.metastate.state.CreateMode;
import io.metastate.state.Limits;
import io.metastate.state.MetaStateService;
import io.metastate.state.NodePath;
import io.metastate.state.WatchScope;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Bad input: malformed paths and values beyond the declared limits are clear errors that change nothing. */
public abstract class ValidationContract extends Contract {
  private static final List<String> BAD_PATHS =
      List.of("", "a", "a/b", "/a/", "/a//b", "/a/./b", "/a/../b", "/..", "/a/b\u0001c", "/a\nb");

  @Nested
  @DisplayName("a malformed path")
  class BadPaths {
    @Test
    @DisplayName("is rejected by every operation with InvalidPathException naming it, and nothing is created")
    @Verifies({"LIMIT-3", "ERROR-1"})
    void rejected() {
      MetaStateService s = kit.open().state();
      String base = kit.base();
      for (String bad : BAD_PATHS) {
        List<ThrowingCallable> calls = List.of(
            () -> s.create(bad, bytes("x"), CreateMode.PERSISTENT),
            () -> s.createWithParents(bad, bytes("x"), CreateMode.PERSISTENT),
            () -> s.get(bad),
            () -> s.exists(bad),
            () -> s.set(bad, bytes("x"), MetaStateService.ANY_VERSION),
            () -> s.delete(bad, MetaStateService.ANY_VERSION),
            () -> s.deleteRecursive(bad),
            () -> s.children(bad),
            () -> s.watch(bad, WatchScope.NODE, e -> {}));
        for (ThrowingCallable call : calls) {
          assertThatThrownBy(call).as("path \"%s\"", bad).isInstanceOfSatisfying(InvalidPathException.class,
              e -> assertThat(e.isRetrySafe()).isFalse());
        }
      }
      assertThatThrownBy(() -> s.create(null, bytes("x"), CreateMode.PERSISTENT)).isInstanceOf(InvalidPathException.class);
      assertThatThrownBy(() -> s.create(base + "/", bytes("x"), CreateMode.PERSISTENT))
          .isInstanceOf(InvalidPathException.class).hasMessageContaining(base + "/");
      assertThat(s.children(base)).isEmpty();
    }

    @Test
    @DisplayName("longer than the provider's declared maximum is rejected with InvalidPathException, nothing created")
    @Verifies("LIMIT-4")
    void tooLong() {
      MetaStateService s = kit.open().state();
      Limits limits = s.limits();
      assertThat(limits.maxPathLength()).isBetween(2, NodePath.MAX_LENGTH);
      String base = kit.base();
      String fits = base + "/" + "p".repeat(limits.maxPathLength() - base.length() - 1);
      String tooLong = fits + "x";
      assertThat(s.create(fits, bytes("x"), CreateMode.PERSISTENT)).isEqualTo(fits);
      assertThatThrownBy(() -> s.create(tooLong, bytes("x"), CreateMode.PERSISTENT))
          .isInstanceOf(InvalidPathException.class).hasMessageContaining(String.valueOf(limits.maxPathLength()));
      assertThat(s.children(base)).hasSize(1);
    }
  }

  @Nested
  @DisplayName("a value")
  class Values {
    @Test
    @DisplayName("of exactly the declared maximum size is stored and read back intact")
    @Verifies("LIMIT-5")
    void atLimit() {
      MetaStateService s = kit.open().state();
      byte[] max = new byte[s.limits().maxValueBytes()];
      new java.util.Random(7).nextBytes(max);
      s.create(kit.path("big"), max, CreateMode.PERSISTENT);
      assertThat(s.get(kit.path("big")).orElseThrow().data()).isEqualTo(max);
    }

    @Test
    @DisplayName("over the declared maximum is rejected by create and set with ValueTooLargeException, nothing written")
    @Verifies("LIMIT-6")
    void overLimit() {
      MetaStateService s = kit.open().state();
      int limit = s.limits().maxValueBytes();
      byte[] over = new byte[limit + 1];
      assertThatThrownBy(() -> s.create(kit.path("big"), over, CreateMode.PERSISTENT))
          .isInstanceOfSatisfying(ValueTooLargeException.class, e -> {
            assertThat(e.size()).isEqualTo(limit + 1);
            assertThat(e.limit()).isEqualTo(limit);
          });
      assertThat(s.exists(kit.path("big"))).isEmpty();
      s.create(kit.path("small"), bytes("keep"), CreateMode.PERSISTENT);
      assertThatThrownBy(() -> s.set(kit.path("small"), over, MetaStateService.ANY_VERSION))
          .isInstanceOf(ValueTooLargeException.class).hasMessageContaining(String.valueOf(limit));
      assertThat(s.get(kit.path("small")).orElseThrow().dataAsString()).isEqualTo("keep");
      assertThat(s.get(kit.path("small")).orElseThrow().stat().version()).isZero();
    }
  }
}
