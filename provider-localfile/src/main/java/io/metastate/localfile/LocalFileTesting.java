package io.metastate.localfile;

import io.metastate.CoordinationClient;
import io.metastate.error.SessionExpiredException;
import io.metastate.session.SessionState;
import java.util.ArrayList;
import java.util.List;

/**
 * Fault hooks for tests (the TCK fixture and this module's tests). Not for production use: they break sessions on
 * purpose.
 */
public final class LocalFileTesting {
  private LocalFileTesting() {}

  /** Expires the client's session now, as the reaper would once its TTL ran out. */
  public static void expireSession(CoordinationClient client) {
    LocalClient c = local(client);
    c.store().expire(c.localSession());
  }

  /**
   * Cuts the client off: its keep-alive stops, its session turns SUSPENDED (leases UNCERTAIN) and expires once its
   * TTL passes without {@link #resume}.
   */
  public static void suspend(CoordinationClient client) {
    local(client).localSession().suspend();
  }

  /** Restarts the keep-alive of a suspended client; the session turns CONNECTED again if it has not expired. */
  public static void resume(CoordinationClient client) {
    local(client).localSession().resume();
  }

  /**
   * Closes and reopens the client's store in this process, as a crash and restart of the owner would: every session
   * on the store expires, their ephemeral nodes are gone, revisions and fencing tokens continue upward. Clients
   * opened afterwards work normally.
   */
  public static void restartBackend(CoordinationClient client) {
    restart(local(client).store());
  }

  /**
   * Restarts the store of {@code directory} as {@link #restartBackend} does, if this JVM has it open; otherwise
   * there is nothing running to restart and the call does nothing.
   */
  public static void restartStore(java.nio.file.Path directory) {
    OpenStores.lookup(directory).ifPresent(LocalFileTesting::restart);
  }

  /**
   * The crash and restart: every session of the old incarnation expires (its locks LOST, its waiters failed, its
   * watches closed) and the MVStore is reopened in place, all while the store is quiesced; the sessions turn EXPIRED
   * once it is open again, so that their listeners see a store that works.
   */
  private static void restart(Store store) {
    List<LocalSession> victims = new ArrayList<>();
    store.quiesced(() -> {
      for (LocalSession s : store.sessions()) {
        if (s.beginEnd(SessionState.EXPIRED)) {
          victims.add(s);
        }
      }
      store.locks().clear(() -> new SessionExpiredException("the local-file store restarted; the session is gone"));
      victims.forEach(v -> store.watches().closeAll(v.id()));
      store.reopenBackend();
    });
    victims.forEach(v -> {
      store.sessions().remove(v);
      v.moveTo(SessionState.EXPIRED);
    });
  }

  private static LocalClient local(CoordinationClient client) {
    if (client instanceof LocalClient c) {
      return c;
    }
    throw new IllegalArgumentException("not a local-file client: " + client);
  }
}
