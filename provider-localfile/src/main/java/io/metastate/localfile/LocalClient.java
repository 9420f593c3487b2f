package io.metastate.localfile;

import io.metastate.CoordinationClient;
import io.metastate.lock.DistributedLockService;
import io.metastate.session.Session;
import io.metastate.state.MetaStateService;
import java.util.concurrent.atomic.AtomicBoolean;

/** One client of a local-file store: its own session, lock service and meta-state service over the shared store. */
final class LocalClient implements CoordinationClient {
  private final Store store;
  private final LocalSession session;
  private final LocalLocks locks;
  private final LocalMetaState state;
  private final AtomicBoolean closed = new AtomicBoolean();

  LocalClient(Store store, LocalSession session) {
    this.store = store;
    this.session = session;
    this.locks = new LocalLocks(session, store.locks());
    this.state = new LocalMetaState(session, store);
  }

  Store store() {
    return store;
  }

  LocalSession localSession() {
    return session;
  }

  @Override
  public String providerName() {
    return LocalFileProvider.NAME;
  }

  @Override
  public Session session() {
    return session;
  }

  @Override
  public DistributedLockService locks() {
    return locks;
  }

  @Override
  public MetaStateService state() {
    return state;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        store.close(session);
      } finally {
        store.release();
      }
    }
  }

  @Override
  public String toString() {
    return "LocalFileClient[" + store.directory() + ", " + session + "]";
  }
}
