package io.metastate.tck;

import static io.metastate.tck.MetaStateContract.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.error.BadVersionException;
import io.metastate.error.NoNodeException;
import io.metastate.error.NodeExistsException;
import io.metastate.error.TransactionFailedException;
import io.metastate.state.AsyncMetaStateService;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The asynchronous forms: same results and same errors as the synchronous ones, several in flight at once. */
public abstract class AsyncContract extends Contract {
  private <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new AssertionError("async call did not complete within " + kit.timeout(), e);
    }
  }

  private Throwable failure(CompletionStage<?> stage) {
    try {
      join(stage);
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected the stage to complete exceptionally");
  }

  @Nested
  @DisplayName("every asynchronous operation")
  class Operations {
    @Test
    @DisplayName("completes with what its synchronous twin returns, and its writes are visible to the sync view")
    @Verifies({"ASYNC-1", "ASYNC-4"})
    void sameResults() {
      MetaStateService sync = kit.open().state();
      AsyncMetaStateService async = sync.async();
      assertThat(join(async.create(kit.path("a"), bytes("a0"), CreateMode.PERSISTENT))).isEqualTo(kit.path("a"));
      assertThat(join(async.createWithParents(kit.path("b/c"), bytes("c0"), CreateMode.PERSISTENT))).isEqualTo(kit.path("b/c"));
      assertThat(join(async.get(kit.path("a")))).isEqualTo(sync.get(kit.path("a")));
      assertThat(join(async.exists(kit.path("b/c")))).isEqualTo(sync.exists(kit.path("b/c")));
      assertThat(join(async.set(kit.path("a"), bytes("a1"), 0)).version()).isEqualTo(1);
      assertThat(sync.get(kit.path("a")).orElseThrow().dataAsString()).isEqualTo("a1");
      assertThat(join(async.children(kit.base()))).containsExactly("a", "b");
      List<OpResult> r = join(async.multi(List.of(Op.check(kit.path("a"), 1), Op.delete(kit.path("a"), 1))));
      assertThat(r).hasSize(2);
      assertThat(sync.exists(kit.path("a"))).isEmpty();
      join(async.deleteRecursive(kit.path("b")));
      assertThat(sync.exists(kit.path("b"))).isEmpty();
      join(async.create(kit.path("d"), bytes("d"), CreateMode.PERSISTENT));
      join(async.delete(kit.path("d"), 0));
      assertThat(async.synchronous().exists(kit.path("d"))).isEmpty();
    }

    @Test
    @DisplayName("fails with the same exception types as its synchronous twin")
    @Verifies({"ASYNC-2", "ERROR-1"})
    void sameErrors() {
      MetaStateService sync = kit.open().state();
      AsyncMetaStateService async = sync.async();
      sync.create(kit.path("a"), bytes("a0"), CreateMode.PERSISTENT);
      assertThat(failure(async.create(kit.path("a"), bytes("x"), CreateMode.PERSISTENT))).isInstanceOf(NodeExistsException.class);
      assertThat(failure(async.set(kit.path("a"), bytes("x"), 4))).isInstanceOf(BadVersionException.class);
      assertThat(failure(async.delete(kit.path("none"), -1))).isInstanceOf(NoNodeException.class);
      assertThat(failure(async.children(kit.path("none")))).isInstanceOf(NoNodeException.class);
      assertThat(failure(async.multi(List.of(Op.check(kit.path("a"), 3))))).isInstanceOf(TransactionFailedException.class);
      assertThat(sync.get(kit.path("a")).orElseThrow().dataAsString()).isEqualTo("a0");
    }

    @Test
    @DisplayName("fails its stage for a malformed path or an oversized value, and never throws from the call itself")
    @Verifies("ASYNC-2")
    void failedStageNotThrown() {
      MetaStateService sync = kit.open().state();
      AsyncMetaStateService async = sync.async();
      byte[] huge = new byte[sync.limits().maxValueBytes() + 1];
      List<java.util.function.Supplier<CompletionStage<?>>> calls = List.of(
          () -> async.get("no-slash"),
          () -> async.exists("/a/"),
          () -> async.create("/a//b", bytes("x"), CreateMode.PERSISTENT),
          () -> async.createWithParents("/a/../b", bytes("x"), CreateMode.PERSISTENT),
          () -> async.set("", bytes("x"), MetaStateService.ANY_VERSION),
          () -> async.delete("/a/./b", MetaStateService.ANY_VERSION),
          () -> async.deleteRecursive("a"),
          () -> async.children("//"),
          () -> async.create(kit.path("big"), huge, CreateMode.PERSISTENT));
      for (int i = 0; i < calls.size(); i++) {
        CompletionStage<?> stage;
        try {
          stage = calls.get(i).get();
        } catch (RuntimeException e) {
          throw new AssertionError("async call " + i + " threw " + e + " instead of failing its stage", e);
        }
        assertThat(failure(stage)).as("async call %d", i).isInstanceOfAny(io.metastate.error.InvalidPathException.class,
            io.metastate.error.ValueTooLargeException.class);
      }
      assertThat(sync.exists(kit.path("big"))).isEmpty();
    }

    @Test
    @DisplayName("may be pipelined: 40 writes in flight at once all complete and are all applied")
    @Verifies({"ASYNC-3", "SESSION-21"})
    void pipelined() {
      MetaStateService sync = kit.open().state();
      List<CompletableFuture<String>> inFlight = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        inFlight.add(sync.async().create(kit.path("n" + i), bytes("v" + i), CreateMode.PERSISTENT).toCompletableFuture());
      }
      for (int i = 0; i < 40; i++) {
        assertThat(join(inFlight.get(i))).isEqualTo(kit.path("n" + i));
      }
      assertThat(sync.children(kit.base())).hasSize(40);
      assertThat(sync.get(kit.path("n39")).orElseThrow().dataAsString()).isEqualTo("v39");
    }
  }
}
