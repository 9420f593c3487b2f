package io.metastate.localfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.ConfigurationException;
import io.metastate.error.NoNodeException;
import io.metastate.error.TransactionFailedException;
import io.metastate.lock.LockLease;
import io.metastate.state.CreateMode;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import io.metastate.tck.StubLease;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("local-file multi-op transactions")
class MultiOpTest {
  @TempDir Path otherDir;
  @RegisterExtension final Clients clients = new Clients();
  final CoordinationClient a = clients.open();

  @Test
  @DisplayName("a failing op rolls back everything before it, including ephemeral and sequential creates")
  void allOrNothing() {
    a.state().create("/p", new byte[0], CreateMode.PERSISTENT);
    long revision = a.state().exists("/p").orElseThrow().modRevision();
    assertThatThrownBy(() -> a.state().multi(List.of(
        Op.create("/p/eph", new byte[0], CreateMode.EPHEMERAL),
        Op.create("/p/seq-", new byte[0], CreateMode.PERSISTENT_SEQUENTIAL),
        Op.set("/p", new byte[] {1}, 0),
        Op.check("/missing", -1))))
        .isInstanceOfSatisfying(TransactionFailedException.class, e -> {
          assertThat(e.failedOpIndex()).isEqualTo(3);
          assertThat(e.reason()).isInstanceOf(NoNodeException.class);
        });
    assertThat(a.state().children("/p")).isEmpty();
    assertThat(a.state().exists("/p").orElseThrow().version()).isZero();
    // the sequence counter was not consumed, and no revision was spent
    assertThat(a.state().create("/p/seq-", new byte[0], CreateMode.PERSISTENT_SEQUENTIAL))
        .isEqualTo("/p/seq-" + CreateMode.sequenceSuffix(0));
    assertThat(a.state().exists("/p/seq-" + CreateMode.sequenceSuffix(0)).orElseThrow().createRevision())
        .isEqualTo(revision + 1);
    // the rolled-back ephemeral is not tracked: closing the session must not try to delete anything else
    a.close();
    CoordinationClient b = clients.open();
    assertThat(b.state().children("/p")).containsExactly("seq-" + CreateMode.sequenceSuffix(0));
  }

  @Test
  @DisplayName("later ops see earlier ones: a child created in the transaction keeps its parent from being deleted")
  void seesOwnChanges() {
    a.state().create("/q", new byte[0], CreateMode.PERSISTENT);
    assertThatThrownBy(() -> a.state().multi(List.of(Op.create("/q/c", new byte[0], CreateMode.PERSISTENT),
        Op.delete("/q", -1))))
        .isInstanceOfSatisfying(TransactionFailedException.class, e -> {
          assertThat(e.failedOpIndex()).isEqualTo(1);
          assertThat(e.reason()).isInstanceOf(io.metastate.error.NotEmptyException.class);
        });
    List<OpResult> ok = a.state().multi(List.of(Op.create("/q/c", new byte[0], CreateMode.PERSISTENT),
        Op.delete("/q/c", 0), Op.delete("/q", 0)));
    assertThat(ok).hasSize(3);
    assertThat(a.state().exists("/q")).isEmpty();
  }

  @Test
  @DisplayName("deleteRecursive removes a wide and deep subtree in one transaction")
  void bigSubtree() {
    a.state().create("/big", new byte[0], CreateMode.PERSISTENT);
    List<Op> ops = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      ops.add(Op.create("/big/n" + i, new byte[0], CreateMode.PERSISTENT));
      for (int j = 0; j < 40; j++) {
        ops.add(Op.create("/big/n" + i + "/m" + j, new byte[0], CreateMode.PERSISTENT));
      }
    }
    a.state().multi(ops);
    assertThat(a.state().children("/big")).hasSize(50);
    a.state().deleteRecursive("/big");
    assertThat(a.state().exists("/big")).isEmpty();
    assertThat(a.state().exists("/big/n7/m3")).isEmpty();
  }

  @Test
  @DisplayName("checks-only transactions succeed without writing")
  void readOnly() {
    a.state().create("/r", new byte[0], CreateMode.PERSISTENT);
    long revision = a.state().exists("/r").orElseThrow().modRevision();
    assertThat(a.state().multi(List.of(Op.check("/r", 0)))).containsExactly(new OpResult.Checked("/r"));
    a.state().create("/r2", new byte[0], CreateMode.PERSISTENT);
    assertThat(a.state().exists("/r2").orElseThrow().createRevision()).isEqualTo(revision + 1);
  }

  @Test
  @DisplayName("a lease from another provider or another store is a ConfigurationException, nothing applied")
  void foreignLease() {
    a.state().create("/g", new byte[0], CreateMode.PERSISTENT);
    LockLease foreign = new StubLease("x", "someone", 1, 1); // as another provider would hand out
    assertThatThrownBy(() -> a.state().multi(List.of(Op.set("/g", new byte[] {1}, -1), Op.lockHeld(foreign))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("metastate.lock.provider").hasMessageContaining("metastate.state.provider");
    try (CoordinationClient other = LocalFileCoordination.builder().directory(otherDir).build()) {
      LockLease otherStore = other.locks().tryAcquire("x").orElseThrow();
      assertThatThrownBy(() -> a.state().multi(List.of(Op.set("/g", new byte[] {1}, -1), Op.lockHeld(otherStore))))
          .isInstanceOf(ConfigurationException.class).hasMessageContaining(clients.dir().toString());
    }
    assertThat(a.state().exists("/g").orElseThrow().version()).isZero();
  }
}
