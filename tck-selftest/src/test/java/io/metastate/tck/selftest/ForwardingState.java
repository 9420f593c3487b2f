package io.metastate.tck.selftest;

import io.metastate.provider.support.DaemonThreads;
import io.metastate.provider.support.ForwardingMetaStateService;
import io.metastate.state.AsyncMetaStateService;
import io.metastate.state.MetaStateService;
import io.metastate.state.Op;
import io.metastate.state.OpResult;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Forwards every call; broken variants override one behaviour. The async view runs this (decorated) service on a
 * pool, so a breakage shows in both forms; lock-check ops get the provider's own lease back.
 */
class ForwardingState extends ForwardingMetaStateService {
  private static final ExecutorService ASYNC = DaemonThreads.cachedPool("broken-async");

  ForwardingState(MetaStateService delegate) {
    super(delegate);
  }

  @Override
  public List<OpResult> multi(List<Op> ops) {
    return delegate().multi(ops.stream().map(ForwardingState::unwrapLease).toList());
  }

  static Op unwrapLease(Op op) {
    return op instanceof Op.LockHeld held ? Op.lockHeld(ForwardingLease.unwrap(held.lease())) : op;
  }

  @Override
  public AsyncMetaStateService async() {
    return AsyncMetaStateService.onExecutor(this, ASYNC);
  }
}
