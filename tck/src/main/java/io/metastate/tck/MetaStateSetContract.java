package io.metastate.tck;

import static io.metastate.tck.MetaStateContract.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.BadVersionException;
import io.metastate.error.NoNodeException;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.Stat;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Meta-state, updates: set, compare-and-set on the version, and the stat each write returns. */
public abstract class MetaStateSetContract extends Contract {
  @Test
  @DisplayName("set with the current version replaces the data and bumps version by one and modRevision upward")
  @Verifies({"STATE-1", "STATE-14", "STATE-13"})
  void set() {
    MetaStateService s = kit.open().state();
    String path = kit.path("n");
    s.create(path, bytes("v0"), CreateMode.PERSISTENT);
    Stat before = s.exists(path).orElseThrow();
    Stat after = s.set(path, bytes("v1"), 0);
    assertThat(after.version()).isEqualTo(1);
    assertThat(after.createRevision()).isEqualTo(before.createRevision());
    assertThat(after.modRevision()).isGreaterThan(before.modRevision());
    Node read = s.get(path).orElseThrow();
    assertThat(read.dataAsString()).isEqualTo("v1");
    assertThat(read.stat()).isEqualTo(after);
    assertThat(s.set(path, bytes("v2"), 1).version()).isEqualTo(2);
  }

  @Test
  @DisplayName("set with a stale version fails with BadVersionException and changes nothing")
  @Verifies({"STATE-15", "ERROR-2"})
  void staleVersion() {
    MetaStateService s = kit.open().state();
    String path = kit.path("n");
    s.create(path, bytes("v0"), CreateMode.PERSISTENT);
    s.set(path, bytes("v1"), 0);
    Node before = s.get(path).orElseThrow();
    assertThatThrownBy(() -> s.set(path, bytes("lost"), 0)).isInstanceOfSatisfying(BadVersionException.class, e -> {
      assertThat(e.path()).isEqualTo(path);
      assertThat(e.expectedVersion()).isZero();
      assertThat(e.isRetrySafe()).isFalse();
    });
    assertThatThrownBy(() -> s.set(path, bytes("lost"), 7)).isInstanceOf(BadVersionException.class);
    assertThat(s.get(path)).contains(before);
  }

  @Test
  @DisplayName("set with ANY_VERSION always applies; set of a missing node fails with NoNodeException")
  @Verifies({"STATE-14", "STATE-16", "ERROR-2"})
  void anyVersion() {
    MetaStateService s = kit.open().state();
    String path = kit.path("n");
    s.create(path, bytes("v0"), CreateMode.PERSISTENT);
    assertThat(s.set(path, bytes("a"), MetaStateService.ANY_VERSION).version()).isEqualTo(1);
    assertThat(s.set(path, bytes("b"), MetaStateService.ANY_VERSION).version()).isEqualTo(2);
    assertThatThrownBy(() -> s.set(kit.path("none"), bytes("x"), MetaStateService.ANY_VERSION))
        .isInstanceOfSatisfying(NoNodeException.class, e -> assertThat(e.path()).isEqualTo(kit.path("none")));
    assertThat(s.exists(kit.path("none"))).isEmpty();
  }

  @Test
  @DisplayName("concurrent compare-and-sets on one node: exactly one per version wins, none is lost")
  @Verifies({"STATE-15", "STATE-1"})
  void concurrentCas() throws Exception {
    String path = kit.path("counter");
    List<CoordinationClient> clients = kit.open(4);
    clients.get(0).state().create(path, bytes("0"), CreateMode.PERSISTENT);
    int perClient = 15;
    try (Workers w = Workers.start(clients.size(), id -> {
      CoordinationClient c = clients.get(id);
      for (int done = 0; done < perClient; ) {
        Node n = c.state().get(path).orElseThrow();
        int v = Integer.parseInt(n.dataAsString());
        try {
          c.state().set(path, bytes(Integer.toString(v + 1)), n.stat().version());
          done++;
        } catch (BadVersionException e) {
          // another client won this version: read again and retry
        }
      }
    })) {
      w.join(kit.timeout().multipliedBy(3));
    }
    Node end = clients.get(0).state().get(path).orElseThrow();
    assertThat(end.dataAsString()).isEqualTo(Integer.toString(perClient * clients.size()));
    assertThat(end.stat().version()).isEqualTo(perClient * clients.size());
  }

  @Test
  @DisplayName("revisions are provider-global and monotonic: each write's modRevision exceeds every earlier write's")
  @Verifies("STATE-2")
  void revisions() {
    MetaStateService s = kit.open().state();
    long last = 0;
    for (int i = 0; i < 6; i++) {
      String p = s.create(kit.path("r" + i), bytes("x"), CreateMode.PERSISTENT);
      Stat created = s.exists(p).orElseThrow();
      assertThat(created.createRevision()).isGreaterThan(last);
      Stat updated = s.set(kit.path("r" + (i / 2)), bytes("y" + i), MetaStateService.ANY_VERSION);
      assertThat(updated.modRevision()).isGreaterThan(created.modRevision());
      last = updated.modRevision();
    }
  }
}
