package io.metastate.zookeeper;

import io.metastate.Ticker;
import io.metastate.error.CoordinationException;
import io.metastate.provider.support.DaemonThreads;
import io.metastate.session.SessionState;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooKeeper;

/**
 * Tells the session of each confirmed contact with ZooKeeper, stamped with the ticker reading taken before the
 * request was sent, so that its state and its leases read honestly after a pause (see
 * {@link io.metastate.provider.AbstractSession}).
 *
 * <p>ZooKeeper's own pings are invisible through its API, so every request the server answered counts, and when
 * nothing confirmed contact for a third of the TTL a heartbeat asks the server whether the namespace root exists:
 * without it an idle holder's lease would read UNCERTAIN one TTL after its last request, though its session is fine.
 * The heartbeat goes through our session's own handle, never through Curator's retrying operations, which may run on
 * a new session after ours expired and would confirm a contact our session never had.
 */
final class ZkContact implements AutoCloseable {
  /** One request to ZooKeeper, sent when called. */
  @FunctionalInterface
  interface Request<T> {
    T send() throws KeeperException, InterruptedException;
  }

  /** Result codes that come from the server: it received the request, so the session was alive when it was sent. */
  private static final Set<Code> ANSWERS = EnumSet.of(Code.OK, Code.NONODE, Code.NODEEXISTS, Code.BADVERSION,
      Code.NOTEMPTY, Code.NOCHILDRENFOREPHEMERALS, Code.NOAUTH, Code.BADARGUMENTS, Code.INVALIDACL, Code.NOWATCHER);

  private final ZkSession session;
  private final String path;
  private final Ticker ticker;
  private final long idleNanos;
  private final ScheduledExecutorService timer;
  private final AtomicBoolean beating = new AtomicBoolean();

  /** @param path the node the heartbeat asks for: the namespace root */
  ZkContact(ZkSession session, String path) {
    this.session = session;
    this.path = path;
    this.ticker = session.ticker();
    this.idleNanos = session.ttl().toNanos() / 3;
    this.timer = Executors.newSingleThreadScheduledExecutor(
        DaemonThreads.named("zookeeper-heartbeat-" + Long.toHexString(session.id())));
  }

  /** Sends {@code request}; if the server answers (even with an error such as NONODE), confirms the contact. */
  <T> T send(Request<T> request) throws KeeperException, InterruptedException {
    long sent = ticker.read();
    try {
      T result = request.send();
      session.confirmContact(sent);
      return result;
    } catch (KeeperException e) {
      answered(e.code().intValue(), sent);
      throw e;
    }
  }

  /** The ticker reading to stamp an asynchronous request with, before sending it. */
  long now() {
    return ticker.read();
  }

  /** For asynchronous callbacks: confirms the contact if {@code rc} is the server's answer. */
  void answered(int rc, long sentAt) {
    if (ANSWERS.contains(Code.get(rc))) {
      session.confirmContact(sentAt);
    }
  }

  /** Starts the heartbeat, through {@code handle} (our session's, or an exception). */
  void start(Supplier<ZooKeeper> handle) {
    long period = Math.max(10, TimeUnit.NANOSECONDS.toMillis(idleNanos / 2));
    timer.scheduleWithFixedDelay(() -> {
      try {
        if (session.sinceContact().toNanos() >= idleNanos) {
          beat(handle);
        }
      } catch (RuntimeException e) {
        // an exception would cancel the schedule: the next tick tries again
      }
    }, period, period, TimeUnit.MILLISECONDS);
  }

  /** Sends one heartbeat now, unless one is on its way or the connection is known to be down. */
  void beat(Supplier<ZooKeeper> handle) {
    if (session.reportedState() != SessionState.CONNECTED || !beating.compareAndSet(false, true)) {
      return;
    }
    long sent = ticker.read();
    try {
      handle.get().exists(path, false, (rc, p, ctx, stat) -> {
        beating.set(false);
        answered(rc, sent);
      }, null);
    } catch (CoordinationException | IllegalStateException gone) {
      beating.set(false); // closed or expired: the timer is being stopped
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
