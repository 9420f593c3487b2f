package io.metastate.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metastate.error.BadVersionException;
import io.metastate.error.CoordinationException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.NoChildrenForEphemeralsException;
import io.metastate.error.NoNodeException;
import io.metastate.error.NodeExistsException;
import io.metastate.error.NotEmptyException;
import io.metastate.etcd.TransactionPlan.Compare;
import io.metastate.etcd.TransactionPlan.Put;
import io.metastate.etcd.TransactionPlan.Write;
import io.metastate.state.CreateMode;
import io.metastate.state.NodePath;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import io.metastate.state.Stat;
import io.metastate.tck.StubLease;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The etcd transaction planner on its own, without a server: which compares, writes and results it decides. */
@DisplayName("the etcd transaction planner")
class TransactionPlannerTest {
  private static final long SESSION = 0x5e55L;
  private static final byte[] DATA = {7};
  private final Keyspace ks = new Keyspace("t/");

  private TransactionPlan plan(Snapshot snap, Op... ops) {
    return new TransactionPlanner(ks, List.of(ops), SESSION, lease -> "t/job/" + lease.name()).plan(snap);
  }

  private String node(String path) {
    return ks.nodeKey(NodePath.of(path));
  }

  private String meta(String path) {
    return ks.metaKey(NodePath.of(path));
  }

  private static Snapshot.Entry kv(long etcdVersion, long modRevision, long lease) {
    return new Snapshot.Entry(etcdVersion, 2, modRevision, lease, new byte[0]);
  }

  /** The writes, readably: {@code put KEY =VALUE lease=L [prev]} or {@code del KEY}. */
  private static List<String> writes(TransactionPlan p) {
    List<String> out = new ArrayList<>();
    for (Write w : p.writes()) {
      out.add(w instanceof Put put ? "put " + put.key() + " =" + new String(put.value(), StandardCharsets.UTF_8)
          + " lease=" + put.lease() + (put.prevKv() ? " prev" : "") : "del " + w.key());
    }
    return out;
  }

  @Test
  @DisplayName("a versioned set without a snapshot compares etcd's version (ours + 1) and that the node has no skew")
  void versionedSetCompares() {
    TransactionPlan p = plan(null, Op.set("/a", DATA, 3));
    assertThat(p.failure()).isNull();
    assertThat(p.compares()).containsExactly(Compare.version(node("/a"), 4), Compare.absent(meta("/a")));
    assertThat(writes(p)).containsExactly("put " + node("/a") + " =\u0007 lease=0 prev");
    assertThat(p.reads().keys).containsExactly(node("/a"), meta("/a"));
  }

  @Test
  @DisplayName("on a snapshot, a set at the wrong version fails there, naming the op")
  void staleSetFails() {
    Snapshot s = new Snapshot(10);
    s.keys.put(node("/a"), kv(3, 9, 0)); // our version 2
    s.keys.put(meta("/a"), null);
    TransactionPlan p = plan(s, Op.check("/", Op.ANY_VERSION), Op.set("/a", DATA, 1));
    assertThat(p.failure().failedOpIndex()).isEqualTo(1);
    assertThat(p.failure().reason()).isInstanceOf(BadVersionException.class);
    assertThat(p.writes()).isEmpty();
  }

  @Test
  @DisplayName("on a snapshot, a set pins the node and keeps an ephemeral node on its lease, counting in the skew")
  void setKeepsLeaseAndPins() {
    Snapshot s = new Snapshot(10);
    s.keys.put(node("/a"), kv(3, 9, 0x77));
    s.keys.put(meta("/a"), new Snapshot.Entry(1, 8, 8, 0x77, "2".getBytes(StandardCharsets.UTF_8)));
    TransactionPlan p = plan(s, Op.set("/a", DATA, 4)); // 3 - 1 + skew 2
    assertThat(p.failure()).isNull();
    assertThat(p.compares()).containsExactly(Compare.modRevision(node("/a"), 9), Compare.modRevision(meta("/a"), 8));
    assertThat(writes(p)).containsExactly("put " + node("/a") + " =\u0007 lease=119 prev");
    assertThat(p.results(11, Arrays.asList(kv(3, 9, 0x77))))
        .containsExactly(new OpResult.Updated("/a", new Stat(5, 2, 11, 0x77)));
  }

  @Test
  @DisplayName("a create requires the name absent and touches the parent's child marker; a taken name fails")
  void createOnly() {
    TransactionPlan p = plan(null, Op.create("/a", DATA, CreateMode.PERSISTENT));
    assertThat(p.compares()).containsExactly(Compare.absent(node("/a")));
    assertThat(writes(p)).containsExactly("put " + node("/a") + " =\u0007 lease=0",
        "put " + ks.childMarker(NodePath.of("/")) + " = lease=0");
    assertThat(p.results(5, List.of())).containsExactly(new OpResult.Created("/a", new Stat(0, 5, 5, 0)));

    Snapshot s = new Snapshot(4);
    s.keys.put(node("/a"), kv(1, 3, 0));
    TransactionPlan taken = plan(s, Op.create("/a", DATA, CreateMode.PERSISTENT));
    assertThat(taken.failure().reason()).isInstanceOf(NodeExistsException.class);
  }

  @Test
  @DisplayName("an ephemeral create puts the node and its meta key on the session's lease")
  void ephemeralOnLease() {
    TransactionPlan p = plan(null, Op.create("/e", DATA, CreateMode.EPHEMERAL));
    assertThat(writes(p)).containsExactly("put " + node("/e") + " =\u0007 lease=" + SESSION,
        "put " + meta("/e") + " = lease=" + SESSION, "put " + ks.childMarker(NodePath.of("/")) + " = lease=0");
    assertThat(p.results(5, List.of())).containsExactly(new OpResult.Created("/e", new Stat(0, 5, 5, SESSION)));
  }

  @Test
  @DisplayName("Op.lockHeld compares the claim key's create revision with the lease's token")
  void lockHeldComparesClaim() {
    TransactionPlan p = plan(null, Op.lockHeld(new StubLease("L", "o", SESSION, 42)));
    assertThat(p.compares()).containsExactly(Compare.createRevision("t/job/L", 42));
    assertThat(p.writes()).isEmpty();

    Snapshot s = new Snapshot(50);
    s.keys.put("t/job/L", new Snapshot.Entry(1, 43, 43, 9, new byte[0])); // a later claim, not ours
    TransactionPlan lost = plan(s, Op.lockHeld(new StubLease("L", "o", SESSION, 42)));
    assertThat(lost.failure().reason()).isInstanceOf(LeaseLostException.class);
  }

  @Test
  @DisplayName("a child needs its parent present and persistent, in etcd or as this transaction leaves it")
  void parentRules() {
    TransactionPlan p = plan(null, Op.create("/p/c", DATA, CreateMode.PERSISTENT));
    assertThat(p.compares()).containsExactly(Compare.exists(node("/p")), Compare.absent(meta("/p")),
        Compare.absent(node("/p/c")));

    Snapshot s = new Snapshot(4);
    s.keys.put(node("/p"), kv(1, 3, 0x77));
    s.keys.put(meta("/p"), kv(1, 3, 0x77));
    assertThat(plan(s, Op.create("/p/c", DATA, CreateMode.PERSISTENT)).failure().reason())
        .isInstanceOf(NoChildrenForEphemeralsException.class);

    TransactionPlan inTxn = plan(null, Op.create("/e", DATA, CreateMode.EPHEMERAL),
        Op.create("/e/c", DATA, CreateMode.PERSISTENT));
    assertThat(inTxn.failure().failedOpIndex()).isEqualTo(1);
    assertThat(inTxn.failure().reason()).isInstanceOf(NoChildrenForEphemeralsException.class);

    Snapshot gone = new Snapshot(4);
    gone.keys.put(node("/p"), null);
    gone.keys.put(meta("/p"), null);
    assertThat(plan(gone, Op.create("/p/c", DATA, CreateMode.PERSISTENT)).failure().reason())
        .isInstanceOf(NoNodeException.class);
  }

  @Test
  @DisplayName("a delete reads first, and fails on a child in etcd or one this transaction created")
  void deleteNeedsNoChildren() {
    assertThat(plan(null, Op.delete("/p", Op.ANY_VERSION)).needsSnapshot()).isTrue();
    Snapshot s = new Snapshot(4);
    s.keys.put(node("/p"), kv(1, 3, 0));
    s.keys.put(meta("/p"), null);
    s.keys.put(ks.childMarker(NodePath.of("/p")), kv(1, 3, 0));
    s.ranges.put(ks.childrenPrefix(NodePath.of("/p")), List.of());
    TransactionPlan empty = plan(s, Op.delete("/p", 0));
    assertThat(writes(empty)).containsExactly("del " + node("/p"), "del " + meta("/p"),
        "del " + ks.childMarker(NodePath.of("/p")), "del " + ks.sequenceKey(NodePath.of("/p")));
    assertThat(empty.compares()).contains(Compare.modRevision(ks.childMarker(NodePath.of("/p")), 3));

    TransactionPlan created = plan(s, Op.create("/p/c", DATA, CreateMode.PERSISTENT), Op.delete("/p", 0));
    assertThat(created.failure().failedOpIndex()).isEqualTo(1);
    assertThat(created.failure().reason()).isInstanceOf(NotEmptyException.class);

    s.ranges.put(ks.childrenPrefix(NodePath.of("/p")), List.of(node("/p/x")));
    assertThat(plan(s, Op.delete("/p", 0)).failure().reason()).isInstanceOf(NotEmptyException.class);
  }

  @Test
  @DisplayName("a sequential create takes the parent's counter from the snapshot and writes the next value")
  void sequentialCounter() {
    TransactionPlanner planner = new TransactionPlanner(ks,
        List.of(Op.create("/q-", DATA, CreateMode.PERSISTENT_SEQUENTIAL)), SESSION, l -> "");
    assertThat(planner.needsRead()).isTrue();
    assertThat(planner.plan(null).needsSnapshot()).isTrue();
    Snapshot s = new Snapshot(4);
    s.keys.put(ks.sequenceKey(NodePath.of("/")), new Snapshot.Entry(7, 1, 3, 0, "7".getBytes(StandardCharsets.UTF_8)));
    s.keys.put(node("/q-" + CreateMode.sequenceSuffix(7)), null);
    TransactionPlan p = planner.plan(s);
    assertThat(p.results(9, List.of()).get(0).path()).isEqualTo("/q-" + CreateMode.sequenceSuffix(7));
    assertThat(writes(p)).contains("put " + ks.sequenceKey(NodePath.of("/")) + " =8 lease=0");
  }

  @Test
  @DisplayName("results come back in op order; a node set twice is one put whose meta key keeps the extra version")
  void resultsInOrder() {
    TransactionPlan p = plan(null, Op.create("/a", DATA, CreateMode.PERSISTENT), Op.check("/a", 0),
        Op.set("/a", DATA, 0), Op.set("/a", DATA, 1));
    assertThat(p.failure()).isNull();
    assertThat(writes(p)).containsExactly("put " + node("/a") + " =\u0007 lease=0 prev",
        "put " + ks.childMarker(NodePath.of("/")) + " = lease=0", "put " + meta("/a") + " =2 lease=0"); // ours 2 = etcd 1 - 1 + skew 2
    List<Snapshot.Entry> previous = Arrays.asList(null, null, null);
    assertThat(p.results(6, previous)).containsExactly(new OpResult.Created("/a", new Stat(0, 6, 6, 0)),
        new OpResult.Checked("/a"), new OpResult.Updated("/a", new Stat(1, 6, 6, 0)),
        new OpResult.Updated("/a", new Stat(2, 6, 6, 0)));
  }

  @Test
  @DisplayName("a multi that would write one etcd key twice is refused before anything is sent")
  void oneWritePerKey() {
    Snapshot s = new Snapshot(4);
    s.ranges.put(ks.childrenPrefix(NodePath.of("/a")), List.of());
    assertThatThrownBy(() -> plan(s, Op.create("/a", DATA, CreateMode.PERSISTENT), Op.delete("/a", 0)))
        .isInstanceOf(CoordinationException.class).hasMessageContaining("twice");
  }
}
