package io.metastate.tck;

import static io.metastate.tck.MetaStateContract.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.CoordinationClient;
import io.metastate.error.BadVersionException;
import io.metastate.error.CoordinationException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.NoNodeException;
import io.metastate.error.NodeExistsException;
import io.metastate.error.NotEmptyException;
import io.metastate.error.TransactionFailedException;
import io.metastate.lock.LockLease;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every kind of {@link Op} inside a transaction, with ANY, exact and stale versions and missing nodes, in the sync
 * and the async form: each op sits between a set and a create, and either the three apply together, or nothing does
 * and the failure names op 1 and the right reason. The async form reports a failure as a failed stage, never by
 * throwing.
 */
public abstract class MultiOpKindsContract extends Contract {
  /** One case: the op under test (given the case's directory), and the reason it fails, or null if it passes. */
  private record Case(String label, Function<Dir, Op> op, Class<? extends CoordinationException> fails,
      BiConsumer<Dir, SoftAssertions> applied) {
    static Case passes(String label, Function<Dir, Op> op, BiConsumer<Dir, SoftAssertions> applied) {
      return new Case(label, op, null, applied);
    }

    static Case fails(String label, Function<Dir, Op> op, Class<? extends CoordinationException> reason) {
      return new Case(label, op, reason, (d, soft) -> {});
    }
  }

  /**
   * A case's own directory: {@code sentinel} (set by op 0), {@code n} at version 2, {@code full} with one child, and
   * a lease on the case's own lock.
   */
  private record Dir(String path, MetaStateService s, LockLease lease) {
    String p(String relative) {
      return path + "/" + relative;
    }
  }

  private Dir prepare(CoordinationClient client, String label, boolean releaseLease) {
    MetaStateService s = client.state();
    String dir = kit.path(label);
    s.multi(List.of(Op.create(dir, bytes("dir"), CreateMode.PERSISTENT),
        Op.create(dir + "/sentinel", bytes("before"), CreateMode.PERSISTENT),
        Op.create(dir + "/n", bytes("n0"), CreateMode.PERSISTENT),
        Op.create(dir + "/full", bytes("full"), CreateMode.PERSISTENT),
        Op.create(dir + "/full/c", bytes("c"), CreateMode.PERSISTENT)));
    s.set(dir + "/n", bytes("n1"), 0);
    s.set(dir + "/n", bytes("n2"), 1);
    LockLease lease = client.locks().tryAcquire(kit.lock(label)).orElseThrow();
    if (releaseLease) {
      lease.release();
    }
    return new Dir(dir, s, lease);
  }

  /** The tree under a directory: every node with its data and stat. */
  private static Map<String, Node> tree(MetaStateService s, String path) {
    Map<String, Node> out = new TreeMap<>();
    s.get(path).ifPresent(n -> {
      out.put(path, n);
      for (String child : s.children(path)) {
        out.putAll(tree(s, path + "/" + child));
      }
    });
    return out;
  }

  private void check(List<Case> cases) {
    CoordinationClient client = kit.open();
    SoftAssertions soft = new SoftAssertions();
    for (Case c : cases) {
      for (boolean async : new boolean[] {false, true}) {
        String label = c.label().replaceAll("[^a-z0-9]+", "-") + (async ? "-async" : "-sync");
        Dir dir = prepare(client, label, c.label().contains("released"));
        String what = c.label() + (async ? " (async)" : " (sync)");
        Map<String, Node> before = tree(dir.s(), dir.path());
        List<Op> ops = List.of(Op.set(dir.p("sentinel"), bytes("after"), MetaStateService.ANY_VERSION),
            c.op().apply(dir), Op.create(dir.p("marker"), bytes("m"), CreateMode.PERSISTENT));
        Object outcome = async ? runAsync(dir.s(), ops) : runSync(dir.s(), ops);
        if (c.fails() == null) {
          soft.assertThat(outcome).as("%s: results", what).isInstanceOf(List.class);
          if (outcome instanceof List<?> results) {
            soft.assertThat(results).as("%s: one result per op", what).hasSize(3);
            soft.assertThat(dir.s().get(dir.p("sentinel")).map(Node::dataAsString)).as("%s: op 0 applied", what)
                .contains("after");
            soft.assertThat(dir.s().exists(dir.p("marker"))).as("%s: op 2 applied", what).isPresent();
            c.applied().accept(dir, soft);
          }
        } else {
          soft.assertThat(outcome).as("%s: outcome", what).isInstanceOf(TransactionFailedException.class);
          if (outcome instanceof TransactionFailedException e) {
            soft.assertThat(e.failedOpIndex()).as("%s: failed op", what).isEqualTo(1);
            soft.assertThat(e.reason()).as("%s: reason", what).isInstanceOf(c.fails());
          }
          soft.assertThat(tree(dir.s(), dir.path())).as("%s: nothing applied", what).isEqualTo(before);
        }
      }
    }
    soft.assertAll();
  }

  private static Object runSync(MetaStateService s, List<Op> ops) {
    try {
      return s.multi(ops);
    } catch (CoordinationException e) {
      return e;
    }
  }

  private Object runAsync(MetaStateService s, List<Op> ops) {
    CompletionStage<List<OpResult>> stage;
    try {
      stage = s.async().multi(ops);
    } catch (RuntimeException e) {
      return new AssertionError("the async multi threw " + e + " instead of returning a failed stage", e);
    }
    try {
      return stage.toCompletableFuture().get(kit.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      return new AssertionError("the async multi did not complete within " + kit.timeout(), e);
    }
  }

  private static BiConsumer<Dir, SoftAssertions> version(String node, long version, String data) {
    return (d, soft) -> soft.assertThat(d.s().get(d.p(node))).as("%s after the transaction", node)
        .hasValueSatisfying(n -> {
          assertThat(n.stat().version()).isEqualTo(version);
          assertThat(n.dataAsString()).isEqualTo(data);
        });
  }

  private static BiConsumer<Dir, SoftAssertions> gone(String node) {
    return (d, soft) -> soft.assertThat(d.s().exists(d.p(node))).as("%s after the transaction", node).isEmpty();
  }

  @Test
  @DisplayName("a check op passes with ANY or the exact version; a stale version or a missing node fails it all")
  @Verifies({"FAULT-16", "FAULT-21"})
  void checkOp() {
    check(List.of(
        Case.passes("check any", d -> Op.check(d.p("n"), Op.ANY_VERSION), version("n", 2, "n2")),
        Case.passes("check exact", d -> Op.check(d.p("n"), 2), version("n", 2, "n2")),
        Case.fails("check stale", d -> Op.check(d.p("n"), 1), BadVersionException.class),
        Case.fails("check newer", d -> Op.check(d.p("n"), 3), BadVersionException.class),
        Case.fails("check missing any", d -> Op.check(d.p("none"), Op.ANY_VERSION), NoNodeException.class),
        Case.fails("check missing exact", d -> Op.check(d.p("none"), 0), NoNodeException.class)));
  }

  @Test
  @DisplayName("a create op makes a persistent or ephemeral node; an existing node or a missing parent fails it all")
  @Verifies({"FAULT-17", "FAULT-21"})
  void createOp() {
    check(List.of(
        Case.passes("create new", d -> Op.create(d.p("new"), bytes("x"), CreateMode.PERSISTENT), version("new", 0, "x")),
        Case.passes("create ephemeral", d -> Op.create(d.p("eph"), bytes("e"), CreateMode.EPHEMERAL),
            (d, soft) -> soft.assertThat(d.s().exists(d.p("eph"))).as("ephemeral node")
                .hasValueSatisfying(st -> assertThat(st.ephemeralOwner()).isEqualTo(d.s().session().id()))),
        Case.fails("create existing", d -> Op.create(d.p("n"), bytes("x"), CreateMode.PERSISTENT),
            NodeExistsException.class),
        Case.fails("create under missing parent", d -> Op.create(d.p("none/x"), bytes("x"), CreateMode.PERSISTENT),
            NoNodeException.class)));
  }

  @Test
  @DisplayName("a set op with ANY or the exact version bumps the version; a stale version or a missing node fails it all")
  @Verifies({"FAULT-18", "FAULT-21"})
  void setOp() {
    check(List.of(
        Case.passes("set any", d -> Op.set(d.p("n"), bytes("x"), Op.ANY_VERSION), version("n", 3, "x")),
        Case.passes("set exact", d -> Op.set(d.p("n"), bytes("x"), 2), version("n", 3, "x")),
        Case.fails("set stale", d -> Op.set(d.p("n"), bytes("x"), 1), BadVersionException.class),
        Case.fails("set missing any", d -> Op.set(d.p("none"), bytes("x"), Op.ANY_VERSION), NoNodeException.class),
        Case.fails("set missing exact", d -> Op.set(d.p("none"), bytes("x"), 0), NoNodeException.class)));
  }

  @Test
  @DisplayName("a delete op with ANY or the exact version removes the node; stale, missing or not empty fails it all")
  @Verifies({"FAULT-19", "FAULT-21"})
  void deleteOp() {
    check(List.of(
        Case.passes("delete any", d -> Op.delete(d.p("n"), Op.ANY_VERSION), gone("n")),
        Case.passes("delete exact", d -> Op.delete(d.p("n"), 2), gone("n")),
        Case.fails("delete stale", d -> Op.delete(d.p("n"), 1), BadVersionException.class),
        Case.fails("delete missing any", d -> Op.delete(d.p("none"), Op.ANY_VERSION), NoNodeException.class),
        Case.fails("delete missing exact", d -> Op.delete(d.p("none"), 0), NoNodeException.class),
        Case.fails("delete not empty", d -> Op.delete(d.p("full"), Op.ANY_VERSION), NotEmptyException.class)));
  }

  @Test
  @DisplayName("a lock-check op passes while the lease holds its lock; after release it fails it all with LeaseLostException")
  @Verifies({"FAULT-20", "FAULT-21"})
  void lockHeldOp() {
    check(List.of(
        Case.passes("lock held", d -> Op.lockHeld(d.lease()), (d, soft) -> soft.assertThat(d.lease().isHeld()).isTrue()),
        Case.fails("lock released", d -> Op.lockHeld(d.lease()), LeaseLostException.class)));
  }
}
