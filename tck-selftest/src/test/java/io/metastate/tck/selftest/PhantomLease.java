package io.metastate.tck.selftest;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseListener;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import java.util.concurrent.atomic.AtomicBoolean;

/** A lease the backend never granted (a broken provider hands it out): it reads HELD until released. */
record PhantomLease(String name, String ownerId, long sessionId, FencingToken token, AtomicBoolean released)
    implements LockLease {
  PhantomLease(String name, String ownerId, long sessionId, FencingToken token) {
    this(name, ownerId, sessionId, token, new AtomicBoolean());
  }

  @Override
  public LeaseState state() {
    return released.get() ? LeaseState.RELEASED : LeaseState.HELD;
  }

  @Override
  public void addListener(LeaseListener listener) {}

  @Override
  public void removeListener(LeaseListener listener) {}

  @Override
  public void release() {
    released.set(true);
  }
}
