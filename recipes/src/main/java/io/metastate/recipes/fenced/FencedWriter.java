package io.metastate.recipes.fenced;

import io.metastate.lock.LockLease;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import io.metastate.state.Stat;
import java.util.List;

/**
 * Writes meta-state only while a {@link Fence} holds: each write is one transaction that starts with the fence's
 * guard operations, so a holder that lost its lock (its session expired while it was paused, an administrator
 * force-released it, its leadership was revoked) has its writes rejected by the backend, never applied.
 *
 * <pre>{@code
 * FencedWriter writer = FencedWriter.of(client.state(), lease);
 * writer.set("/jobs/nightly/progress", bytes, MetaStateService.ANY_VERSION);  // LeaseLostException once lost
 * }</pre>
 *
 * <p>A rejected write throws {@link io.metastate.error.LeaseLostException} naming the fence, and nothing is applied.
 * A write that fails for its own reason (bad version, missing node) throws
 * {@link io.metastate.error.TransactionFailedException} whose index counts the caller's operations only. The
 * fence must come from the same backend as {@code state}: a lock lease from another provider is refused with
 * {@link io.metastate.error.ConfigurationException}.
 */
public interface FencedWriter {
  /** A writer on {@code state} guarded by {@code fence}. */
  static FencedWriter of(MetaStateService state, Fence fence) {
    return new GuardedWriter(state, fence);
  }

  /** A writer on {@code state} guarded by a lock lease of the same backend. */
  static FencedWriter of(MetaStateService state, LockLease lease) {
    return new GuardedWriter(state, Fence.of(lease));
  }

  /** The fence guarding every write. */
  Fence fence();

  /** Creates a node if the fence holds; returns the actual path (see {@link MetaStateService#create}). */
  String create(String path, byte[] data, CreateMode mode);

  /** Sets a node's data if the fence holds and the version matches; returns the new stat. */
  Stat set(String path, byte[] data, long expectedVersion);

  /** Deletes a childless node if the fence holds and the version matches. */
  void delete(String path, long expectedVersion);

  /**
   * Applies {@code ops} atomically if the fence holds.
   *
   * @return one result per operation of {@code ops}, in order (the guard's results are left out)
   */
  List<OpResult> multi(List<Op> ops);
}
