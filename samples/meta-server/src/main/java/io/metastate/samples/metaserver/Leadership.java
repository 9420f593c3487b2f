package io.metastate.samples.metaserver;

import io.metastate.lock.DistributedLockService;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.state.MetaStateService;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meta server's leadership: a lock whose lease fences every write the leader makes ({@link Op#lockHeld} in the
 * same transaction), so that a leader that lost its lock — paused, partitioned, or replaced — cannot change the
 * cluster state, and a new leader resumes exactly where the old one stopped.
 */
final class Leadership {
  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

  private final DistributedLockService locks;
  private final MetaStateService state;
  private final String lockName;
  private volatile LockLease lease;

  Leadership(DistributedLockService locks, MetaStateService state, String lockName) {
    this.locks = locks;
    this.state = state;
    this.lockName = lockName;
  }

  /** Waits until this server leads (FIFO behind earlier candidates), or the thread is interrupted. */
  Optional<LockLease> campaign(Runnable onLost) {
    while (!Thread.currentThread().isInterrupted()) {
      Optional<LockLease> granted = locks.acquire(lockName, Duration.ofSeconds(1));
      if (granted.isPresent()) {
        LockLease l = granted.get();
        l.addListener((x, from, to) -> {
          if (to == LeaseState.LOST || to == LeaseState.RELEASED) {
            LOG.warn("leadership {} ended ({} -> {})", lockName, from, to);
            onLost.run();
          }
        });
        lease = l;
        return granted;
      }
    }
    return Optional.empty();
  }

  boolean isLeading() {
    LockLease l = lease;
    return l != null && l.isHeld();
  }

  LockLease lease() {
    return lease;
  }

  /** Applies {@code ops} only if this server still holds leadership at commit time. */
  List<OpResult> write(List<Op> ops) {
    List<Op> fenced = new ArrayList<>(ops.size() + 1);
    fenced.add(Op.lockHeld(lease));
    fenced.addAll(ops);
    List<OpResult> results = state.multi(fenced);
    return results.subList(1, results.size());
  }

  void resign() {
    LockLease l = lease;
    if (l != null) {
      l.release();
    }
  }
}
