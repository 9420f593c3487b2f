package io.metastate;

import io.metastate.lock.DistributedLockService;
import io.metastate.session.Session;
import io.metastate.state.MetaStateService;

/**
 * Locks from one provider, meta-state from another, as rDSN allows. Each side keeps its own session; a fenced
 * multi-op ({@link io.metastate.state.Op#lockHeld}) is refused by the state provider, which cannot see the other's
 * locks.
 */
final class SplitClient implements CoordinationClient {
  private final CoordinationClient lockClient;
  private final CoordinationClient stateClient;

  SplitClient(CoordinationClient lockClient, CoordinationClient stateClient) {
    this.lockClient = lockClient;
    this.stateClient = stateClient;
  }

  @Override
  public String providerName() {
    return lockClient.providerName() + "+" + stateClient.providerName();
  }

  @Override
  public Session session() {
    return stateClient.session();
  }

  @Override
  public DistributedLockService locks() {
    return lockClient.locks();
  }

  @Override
  public MetaStateService state() {
    return stateClient.state();
  }

  @Override
  public void close() {
    try {
      lockClient.close();
    } finally {
      stateClient.close();
    }
  }
}
