package io.metastate.samples.metaserver;

import io.metastate.error.ConnectionLossException;
import io.metastate.samples.metaserver.Records.WriteBack;
import io.metastate.samples.metaserver.http.Reply;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Fault seams in the leader's two write paths, so that a test can order and fail them deterministically (a held
 * write-back, a meta-state write that fails before or after it applied). Both are pass-through unless a test sets
 * them; production code never does.
 */
final class Seams {
  /** Runs a write-back; a test may hold it before or after it applies. */
  @FunctionalInterface
  interface WriteBackGate {
    Reply around(WriteBack w, Supplier<Reply> apply);
  }

  private record WriteFault(Predicate<List<Op>> which, boolean afterApplying) {}

  private volatile WriteBackGate writeBackGate = (w, apply) -> apply.get();
  private final AtomicReference<WriteFault> writeFault = new AtomicReference<>();

  void gateWriteBacks(WriteBackGate gate) {
    writeBackGate = gate;
  }

  Reply writeBack(WriteBack w, Supplier<Reply> apply) {
    return writeBackGate.around(w, apply);
  }

  /**
   * Makes the next leader write whose ops match {@code which} fail with an outcome-unknown error, once: before it
   * reaches meta-state, or after it applied (the reply lost).
   */
  void failNextWrite(Predicate<List<Op>> which, boolean afterApplying) {
    writeFault.set(new WriteFault(which, afterApplying));
  }

  List<OpResult> write(List<Op> ops, Function<List<Op>, List<OpResult>> real) {
    WriteFault f = writeFault.get();
    if (f == null || !f.which().test(ops) || !writeFault.compareAndSet(f, null)) {
      return real.apply(ops);
    }
    if (f.afterApplying()) {
      real.apply(ops);
    }
    throw new ConnectionLossException("injected: the leader's write " + (f.afterApplying() ? "applied but its "
        + "reply was lost" : "failed before reaching meta-state"), null);
  }
}
