package io.metastate.tck;

import static io.metastate.tck.MetaStateContract.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.Stat;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Meta-state across a backend restart: acknowledged writes stay, revisions continue upward. */
public abstract class MetaStateRestartContract extends Contract {
  @Test
  @DisplayName("acknowledged writes keep their data and stat, and later writes get higher revisions")
  @Verifies({"STATE-3", "STATE-4"})
  void durable() {
    MetaStateService before = kit.open().state();
    before.create(kit.path("a"), bytes("a0"), CreateMode.PERSISTENT);
    Stat set = before.set(kit.path("a"), bytes("a1"), 0);
    String seq = before.create(kit.path("s-"), bytes("s"), CreateMode.PERSISTENT_SEQUENTIAL);
    before.multi(java.util.List.of(io.metastate.state.Op.create(kit.path("m"), bytes("m"), CreateMode.PERSISTENT)));
    long highest = before.exists(kit.path("m")).orElseThrow().modRevision();
    kit.restartBackend();
    MetaStateService after = kit.open().state();
    Node a = kit.await(kit.timeout().multipliedBy(3)).ignoreExceptions()
        .until(() -> after.get(kit.path("a")), java.util.Optional::isPresent).orElseThrow();
    assertThat(a.dataAsString()).isEqualTo("a1");
    assertThat(a.stat()).isEqualTo(set);
    assertThat(after.get(seq).orElseThrow().dataAsString()).isEqualTo("s");
    assertThat(after.get(kit.path("m")).orElseThrow().dataAsString()).isEqualTo("m");
    assertThat(after.set(kit.path("a"), bytes("a2"), 1).modRevision()).isGreaterThan(highest);
    String nextSeq = after.create(kit.path("s-"), bytes("s"), CreateMode.PERSISTENT_SEQUENTIAL);
    assertThat(nextSeq).isGreaterThan(seq);
  }
}
