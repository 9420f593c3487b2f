package io.metastate.recipes.fenced;

import io.metastate.error.CoordinationException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.TransactionFailedException;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import io.metastate.state.Stat;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Prepends the fence's guards to every transaction and translates a failed guard into LeaseLostException. */
final class GuardedWriter implements FencedWriter {
  private final MetaStateService state;
  private final Fence fence;

  GuardedWriter(MetaStateService state, Fence fence) {
    this.state = Objects.requireNonNull(state, "state");
    this.fence = Objects.requireNonNull(fence, "fence");
  }

  @Override
  public Fence fence() {
    return fence;
  }

  @Override
  public String create(String path, byte[] data, CreateMode mode) {
    return multi(List.of(Op.create(path, data, mode))).get(0).path();
  }

  @Override
  public Stat set(String path, byte[] data, long expectedVersion) {
    return ((OpResult.Updated) multi(List.of(Op.set(path, data, expectedVersion))).get(0)).stat();
  }

  @Override
  public void delete(String path, long expectedVersion) {
    multi(List.of(Op.delete(path, expectedVersion)));
  }

  @Override
  public List<OpResult> multi(List<Op> ops) {
    Objects.requireNonNull(ops, "ops");
    if (ops.isEmpty()) {
      throw new IllegalArgumentException("a fenced transaction needs at least one operation, got none");
    }
    if (!fence.isValid()) {
      throw new LeaseLostException(fence.fenceName(),
          "it was released, lost or revoked (" + fence.token() + "); nothing was sent");
    }
    List<Op> guards = fence.guardOps();
    List<Op> all = new ArrayList<>(guards.size() + ops.size());
    all.addAll(guards);
    all.addAll(ops);
    List<OpResult> results;
    try {
      results = state.multi(all);
    } catch (TransactionFailedException e) {
      if (e.failedOpIndex() < guards.size()) {
        throw guardFailed(e.reason());
      }
      throw new TransactionFailedException(e.failedOpIndex() - guards.size(), e.reason());
    }
    return List.copyOf(results.subList(guards.size(), results.size()));
  }

  private LeaseLostException guardFailed(CoordinationException reason) {
    if (reason instanceof LeaseLostException lost) {
      return lost;
    }
    return new LeaseLostException(fence.fenceName(),
        "the backend rejected the fence (" + fence.token() + "): " + reason.getMessage() + "; nothing was applied");
  }

  @Override
  public String toString() {
    return "FencedWriter[" + fence + "]";
  }
}
