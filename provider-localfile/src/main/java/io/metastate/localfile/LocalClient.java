package io.metastate.localfile;

import io.metastate.provider.support.AbstractCoordinationClient;

/** One client of a local-file store: its own session, lock service and meta-state service over the shared store. */
final class LocalClient extends AbstractCoordinationClient {
  private final Store store;
  private final LocalSession session;

  LocalClient(Store store, LocalSession session) {
    super(LocalFileProvider.NAME, "local-file client");
    this.store = store;
    this.session = session;
    serve(session, new LocalLocks(session, store.locks()), new LocalMetaState(session, store));
  }

  Store store() {
    return store;
  }

  LocalSession localSession() {
    return session;
  }

  @Override
  protected void endSession() {
    // One step in the store: leases RELEASED, waiters failed, watches closed, ephemeral nodes deleted, CLOSED.
    store.close(session);
  }

  @Override
  protected void releaseEngine() {
    store.release(); // the last client of the store closes it
  }

  @Override
  public String toString() {
    return "LocalFileClient[" + store.directory() + ", " + session + "]";
  }
}
