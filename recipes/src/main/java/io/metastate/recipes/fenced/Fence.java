package io.metastate.recipes.fenced;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LockLease;
import io.metastate.state.Op;
import java.util.List;

/**
 * Something whose continued validity guards a write: a {@link LockLease}, a leadership, a key lease. A
 * {@link FencedWriter} puts the fence's {@linkplain #guardOps() guard operations} at the head of every transaction,
 * so the backend applies the write only if the fence still holds at commit time.
 */
public interface Fence {
  /** What guards, for error messages: a lock or election name. */
  String fenceName();

  /** The fencing token of the grant behind this fence. */
  FencingToken token();

  /**
   * Whether this process still believes the fence holds. {@code false} means it is known to be gone (released,
   * lost, revoked), and writes are refused without asking the backend; {@code true} is only a belief, which the
   * backend confirms or refutes through {@link #guardOps()}.
   */
  boolean isValid();

  /** Operations that pass, inside a transaction, only while the fence holds on the backend. Never empty. */
  List<Op> guardOps();

  /** The fence of a lock lease: {@link Op#lockHeld(LockLease)}. */
  static Fence of(LockLease lease) {
    return new LeaseFence(lease);
  }
}
