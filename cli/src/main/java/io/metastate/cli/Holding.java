package io.metastate.cli;

import io.metastate.CoordinationClient;
import io.metastate.session.SessionListener;
import io.metastate.session.SessionState;
import java.util.concurrent.CountDownLatch;

/** Keeping a client's session (and what it owns) until Ctrl-C, or until the session ends by itself. */
final class Holding {
  private Holding() {}

  /**
   * Returns when the session has ended: closed (Ctrl-C closes the client from the exit hook) or expired.
   *
   * @throws CliException status 1 if the session expired
   */
  static void untilStopped(CoordinationClient client) throws InterruptedException {
    CountDownLatch ended = new CountDownLatch(1);
    SessionListener listener = (session, from, to) -> {
      if (to.isTerminal()) {
        ended.countDown();
      }
    };
    client.session().addListener(listener);
    if (client.session().state().isTerminal()) {
      ended.countDown();
    }
    ended.await();
    if (client.session().state() == SessionState.EXPIRED) {
      throw CliException.failed("the session expired; what it held is gone");
    }
  }
}
