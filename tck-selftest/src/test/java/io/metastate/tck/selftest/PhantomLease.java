package io.metastate.tck.selftest;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseListener;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockInfo;
import io.metastate.lock.LockLease;

/** A lease the backend never granted (a broken provider hands it out): a holder made up from {@code info}. */
final class PhantomLease implements LockLease {
  private final LockInfo info;
  private volatile LeaseState state = LeaseState.HELD;

  PhantomLease(LockInfo info) {
    this.info = info;
  }

  @Override
  public String name() {
    return info.name();
  }

  @Override
  public String ownerId() {
    return info.ownerId();
  }

  @Override
  public long sessionId() {
    return info.sessionId();
  }

  @Override
  public FencingToken token() {
    return info.token();
  }

  @Override
  public LeaseState state() {
    return state;
  }

  @Override
  public void addListener(LeaseListener listener) {}

  @Override
  public void removeListener(LeaseListener listener) {}

  @Override
  public void release() {
    state = LeaseState.RELEASED;
  }
}
