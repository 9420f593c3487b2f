package io.metastate.tck;

import static io.metastate.tck.MetaStateContract.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.CoordinationClient;
import io.metastate.error.BadVersionException;
import io.metastate.error.CoordinationException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.NoNodeException;
import io.metastate.error.NodeExistsException;
import io.metastate.error.TransactionFailedException;
import io.metastate.error.ValueTooLargeException;
import io.metastate.lock.LockLease;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Multi-op transactions: all or nothing, results in order, and the lock-check op that fences a write. */
public abstract class MultiOpContract extends Contract {

  /** Creates /a (v0), /b (set once: version 1), /c and returns the service. */
  private MetaStateService seeded() {
    MetaStateService s = kit.open().state();
    s.create(kit.path("a"), bytes("a0"), CreateMode.PERSISTENT);
    s.create(kit.path("b"), bytes("b0"), CreateMode.PERSISTENT);
    s.set(kit.path("b"), bytes("b1"), 0);
    s.create(kit.path("c"), bytes("c0"), CreateMode.PERSISTENT);
    return s;
  }

  private void assertUntouched(MetaStateService s, List<Node> before) {
    for (Node n : before) {
      assertThat(s.get(n.path())).as("node %s after a rejected transaction", n.path()).contains(n);
    }
    assertThat(s.exists(kit.path("new"))).as("node created by a rejected transaction").isEmpty();
    assertThat(s.exists(kit.path("new2"))).as("node created by a rejected transaction").isEmpty();
  }

  private List<Node> snapshot(MetaStateService s) {
    return List.of(s.get(kit.path("a")).orElseThrow(), s.get(kit.path("b")).orElseThrow(),
        s.get(kit.path("c")).orElseThrow());
  }

  @Nested
  @DisplayName("a transaction")
  class Transactions {
    @Test
    @DisplayName("applies check, create, set and delete together and returns one result per op, in order")
    @Verifies({"OP-2", "OP-3", "OP-5"})
    void commit() {
      MetaStateService s = seeded();
      List<OpResult> results = s.multi(List.of(
          Op.check(kit.path("a"), 0),
          Op.create(kit.path("new"), bytes("n"), CreateMode.PERSISTENT),
          Op.set(kit.path("b"), bytes("b2"), 1),
          Op.delete(kit.path("c"), 0)));
      assertThat(results).hasSize(4);
      assertThat(results.get(0)).isEqualTo(new OpResult.Checked(kit.path("a")));
      assertThat(results.get(1)).isInstanceOfSatisfying(OpResult.Created.class, r -> {
        assertThat(r.path()).isEqualTo(kit.path("new"));
        assertThat(r.stat().version()).isZero();
      });
      assertThat(results.get(2)).isInstanceOfSatisfying(OpResult.Updated.class,
          r -> assertThat(r.stat().version()).isEqualTo(2));
      assertThat(results.get(3)).isEqualTo(new OpResult.Deleted(kit.path("c")));
      assertThat(s.get(kit.path("new")).orElseThrow().dataAsString()).isEqualTo("n");
      assertThat(s.get(kit.path("b")).orElseThrow().dataAsString()).isEqualTo("b2");
      assertThat(s.exists(kit.path("c"))).isEmpty();
      OpResult.Created created = (OpResult.Created) results.get(1);
      OpResult.Updated updated = (OpResult.Updated) results.get(2);
      // One atomic commit: its writes share one revision or occupy consecutive ones, never interleaved with others.
      assertThat(updated.stat().modRevision()).isGreaterThanOrEqualTo(created.stat().createRevision());
    }

    @Test
    @DisplayName("applies its ops in order: a node and its child can be created, and a node set right after creation")
    @Verifies("OP-3")
    void ordered() {
      MetaStateService s = kit.open().state();
      s.multi(List.of(
          Op.create(kit.path("p"), bytes("p"), CreateMode.PERSISTENT),
          Op.create(kit.path("p/child"), bytes("c"), CreateMode.PERSISTENT),
          Op.set(kit.path("p"), bytes("p2"), 0)));
      assertThat(s.get(kit.path("p")).orElseThrow().stat().version()).isEqualTo(1);
      assertThat(s.children(kit.path("p"))).containsExactly("child");
    }

    @Test
    @DisplayName("returns the actual path of a sequential create")
    @Verifies("OP-6")
    void sequential() {
      MetaStateService s = kit.open().state();
      List<OpResult> r = s.multi(List.of(Op.create(kit.path("seq-"), bytes("x"), CreateMode.PERSISTENT_SEQUENTIAL)));
      assertThat(r.get(0).path()).matches(java.util.regex.Pattern.quote(kit.path("seq-")) + "\\d{10}");
      assertThat(s.exists(r.get(0).path())).isPresent();
    }
  }

  @Nested
  @DisplayName("a failing operation")
  class AllOrNothing {
    @Test
    @DisplayName("rejects the whole transaction when the last op fails: nothing applied, failing index and reason named")
    @Verifies({"OP-1", "OP-4", "OP-5"})
    void lastFails() {
      MetaStateService s = seeded();
      List<Node> before = snapshot(s);
      assertThatThrownBy(() -> s.multi(List.of(
          Op.create(kit.path("new"), bytes("n"), CreateMode.PERSISTENT),
          Op.set(kit.path("b"), bytes("b2"), 1),
          Op.delete(kit.path("c"), 0),
          Op.check(kit.path("a"), 5))))
          .isInstanceOfSatisfying(TransactionFailedException.class, e -> {
            assertThat(e.failedOpIndex()).isEqualTo(3);
            assertThat(e.reason()).isInstanceOf(BadVersionException.class);
            assertThat(e.isRetrySafe()).isFalse();
          });
      assertUntouched(s, before);
    }

    @Test
    @DisplayName("rejects the whole transaction when a middle op fails (node exists, missing node, bad version)")
    @Verifies({"OP-1", "OP-4", "OP-6", "OP-7"})
    void middleFails() {
      MetaStateService s = seeded();
      List<Node> before = snapshot(s);
      List<List<Op>> failing = List.of(
          List.of(Op.set(kit.path("a"), bytes("x"), 0), Op.create(kit.path("b"), bytes("x"), CreateMode.PERSISTENT),
              Op.create(kit.path("new"), bytes("x"), CreateMode.PERSISTENT)),
          List.of(Op.create(kit.path("new"), bytes("x"), CreateMode.PERSISTENT), Op.set(kit.path("none"), bytes("x"), -1),
              Op.delete(kit.path("c"), 0)),
          List.of(Op.delete(kit.path("c"), 0), Op.set(kit.path("b"), bytes("x"), 0),
              Op.create(kit.path("new2"), bytes("x"), CreateMode.PERSISTENT)),
          List.of(Op.create(kit.path("new"), bytes("x"), CreateMode.PERSISTENT),
              Op.create(kit.path("new/x/y"), bytes("x"), CreateMode.PERSISTENT)));
      List<Class<? extends CoordinationException>> reasons =
          List.of(NodeExistsException.class, NoNodeException.class, BadVersionException.class, NoNodeException.class);
      for (int i = 0; i < failing.size(); i++) {
        List<Op> ops = failing.get(i);
        Class<? extends CoordinationException> reason = reasons.get(i);
        assertThatThrownBy(() -> s.multi(ops)).as("transaction %s", ops)
            .isInstanceOfSatisfying(TransactionFailedException.class, e -> {
              assertThat(e.failedOpIndex()).isEqualTo(1);
              assertThat(e.reason()).isInstanceOf(reason);
            });
        assertUntouched(s, before);
      }
    }

    @Test
    @DisplayName("rejects a check of a missing node with NoNodeException, even with ANY_VERSION, applying nothing")
    @Verifies({"OP-5", "OP-1"})
    void checkMissing() {
      MetaStateService s = seeded();
      List<Node> before = snapshot(s);
      assertThatThrownBy(() -> s.multi(List.of(Op.set(kit.path("a"), bytes("x"), 0),
          Op.check(kit.path("none"), MetaStateService.ANY_VERSION))))
          .isInstanceOfSatisfying(TransactionFailedException.class, e -> {
            assertThat(e.failedOpIndex()).isEqualTo(1);
            assertThat(e.reason()).isInstanceOf(NoNodeException.class);
          });
      assertUntouched(s, before);
      assertThat(s.multi(List.of(Op.check(kit.path("b"), MetaStateService.ANY_VERSION)))).hasSize(1);
    }

    @Test
    @DisplayName("with an oversized value is rejected as a whole, before anything is applied")
    @Verifies({"OP-1", "LIMIT-6"})
    void tooLarge() {
      MetaStateService s = seeded();
      List<Node> before = snapshot(s);
      byte[] huge = new byte[s.limits().maxValueBytes() + 1];
      assertThatThrownBy(() -> s.multi(List.of(Op.set(kit.path("a"), bytes("x"), 0),
          Op.create(kit.path("new"), huge, CreateMode.PERSISTENT))))
          .satisfiesAnyOf(e -> assertThat(e).isInstanceOf(ValueTooLargeException.class),
              e -> assertThat(e).isInstanceOfSatisfying(TransactionFailedException.class,
                  t -> assertThat(t.reason()).isInstanceOf(ValueTooLargeException.class)));
      assertUntouched(s, before);
    }
  }

  @Nested
  @DisplayName("the lock-check op")
  class LockHeld {
    @Test
    @DisplayName("lets the transaction commit while the lease holds its lock")
    @Verifies("OP-8")
    void passes() {
      CoordinationClient a = kit.open();
      LockLease lease = a.locks().tryAcquire(kit.lock("l")).orElseThrow();
      List<OpResult> r = a.state().multi(List.of(Op.lockHeld(lease),
          Op.create(kit.path("fenced"), bytes("x"), CreateMode.PERSISTENT)));
      assertThat(r.get(0)).isInstanceOf(OpResult.Checked.class);
      assertThat(a.state().exists(kit.path("fenced"))).isPresent();
    }

    @Test
    @DisplayName("rejects the transaction with LeaseLostException after release, and applies nothing")
    @Verifies("OP-9")
    void released() {
      CoordinationClient a = kit.open();
      LockLease lease = a.locks().tryAcquire(kit.lock("l")).orElseThrow();
      lease.release();
      assertFenced(a, lease);
    }

    @Test
    @DisplayName("rejects the transaction after a force-release, even once another session holds the lock")
    @Verifies("OP-9")
    void forceReleased() {
      CoordinationClient a = kit.open();
      CoordinationClient b = kit.open();
      LockLease lease = a.locks().tryAcquire(kit.lock("l")).orElseThrow();
      b.locks().forceRelease(kit.lock("l"));
      LockLease other = b.locks().acquire(kit.lock("l"), kit.timeout()).orElseThrow();
      assertFenced(a, lease);
      assertThat(other.isHeld()).isTrue();
    }

    @Test
    @DisplayName("rejects a write of a client whose session expired, made through another client's lease check")
    @Requires(Capability.EXPIRE_SESSION)
    @Verifies("OP-9")
    void expired() {
      CoordinationClient a = kit.open();
      CoordinationClient b = kit.open();
      LockLease lease = a.locks().tryAcquire(kit.lock("l")).orElseThrow();
      kit.expire(a);
      b.locks().acquire(kit.lock("l"), kit.expiryTimeout(a)).orElseThrow();
      // The expired client cannot write at all; a stale lease handed to a live client must fail the check too.
      assertFenced(b, lease);
    }

    private void assertFenced(CoordinationClient writer, LockLease staleLease) {
      MetaStateService s = writer.state();
      s.create(kit.path("guarded"), bytes("before"), CreateMode.PERSISTENT);
      assertThatThrownBy(() -> s.multi(List.of(
          Op.set(kit.path("guarded"), bytes("after"), MetaStateService.ANY_VERSION),
          Op.lockHeld(staleLease),
          Op.create(kit.path("new"), bytes("x"), CreateMode.PERSISTENT))))
          .isInstanceOfSatisfying(TransactionFailedException.class, e -> {
            assertThat(e.failedOpIndex()).isEqualTo(1);
            assertThat(e.reason()).isInstanceOf(LeaseLostException.class);
          });
      assertThat(s.get(kit.path("guarded")).orElseThrow().dataAsString()).isEqualTo("before");
      assertThat(s.exists(kit.path("new"))).isEmpty();
    }
  }
}
