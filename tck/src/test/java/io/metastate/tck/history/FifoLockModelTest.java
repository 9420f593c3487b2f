package io.metastate.tck.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.metastate.tck.history.LockModel.Call;
import io.metastate.tck.history.LockModel.Kind;
import io.metastate.tck.history.LockModel.Result;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FifoLockModelTest {
  private static Operation<Call, Result> op(int client, Kind kind, Result r, long call, long ret) {
    return new Operation<>(client, "l", new Call(kind, client), r, call, ret);
  }

  /** c0 holds; c1 queues; c0 releases; then {@code third} happens; then c1 is granted. */
  private static List<Operation<Call, Result>> afterRelease(Operation<Call, Result> third) {
    return List.of(
        op(0, Kind.TRY_ACQUIRE, Result.granted(1), 0, 1),
        op(1, Kind.ENQUEUE, Result.released(), 2, 3),
        op(0, Kind.RELEASE, Result.released(), 4, 5),
        third,
        op(1, Kind.GRANT, Result.granted(2), 2, 20));
  }

  @Test
  @DisplayName("a FIFO mutex rejects a try that is granted while another client is queued (barging)")
  void barging() {
    var barged = afterRelease(op(2, Kind.TRY_ACQUIRE, Result.granted(3), 6, 7));
    assertThat(Checker.check(LockModel.fifoMutex(), barged).linearizable()).isFalse();
    var polite = afterRelease(op(2, Kind.TRY_ACQUIRE, Result.busy(), 6, 7));
    assertThat(Checker.check(LockModel.fifoMutex(), polite).linearizable()).isTrue();
    // A plain mutex has no queue order: for it the same history is fine.
    var bargedAndReleased = new java.util.ArrayList<>(barged);
    bargedAndReleased.add(op(2, Kind.RELEASE, Result.released(), 8, 9));
    assertThat(Checker.check(LockModel.mutex(), bargedAndReleased).linearizable()).isTrue();
    assertThat(Checker.check(LockModel.fifoMutex(), bargedAndReleased).linearizable()).isFalse();
  }

  @Test
  @DisplayName("a FIFO mutex serves waiters in the order they queued, and a try overlapping the queueing may go first")
  void order() {
    var outOfOrder = List.of(
        op(0, Kind.TRY_ACQUIRE, Result.granted(1), 0, 1),
        op(1, Kind.ENQUEUE, Result.released(), 2, 3),
        op(2, Kind.ENQUEUE, Result.released(), 4, 5),
        op(0, Kind.RELEASE, Result.released(), 6, 7),
        op(2, Kind.GRANT, Result.granted(2), 4, 9),
        op(2, Kind.RELEASE, Result.released(), 10, 11),
        op(1, Kind.GRANT, Result.granted(3), 2, 13));
    assertThat(Checker.check(LockModel.fifoMutex(), outOfOrder).linearizable()).isFalse();
    assertThat(Checker.check(LockModel.mutex(), outOfOrder).linearizable()).isTrue();
    var overlapping = List.of(
        op(1, Kind.ENQUEUE, Result.released(), 0, 5),
        op(2, Kind.TRY_ACQUIRE, Result.granted(1), 1, 2),
        op(2, Kind.RELEASE, Result.released(), 3, 4),
        op(1, Kind.GRANT, Result.granted(2), 0, 9));
    assertThat(Checker.check(LockModel.fifoMutex(), overlapping).linearizable()).isTrue();
  }
}
