package io.metastate.etcd;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import io.metastate.Ticker;
import io.metastate.provider.EventDispatcher;
import io.metastate.provider.support.HeartbeatSession;
import io.metastate.session.SessionState;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A session is an etcd lease, kept alive by single keep-alive requests we pace ourselves (one per fifth of the TTL)
 * and judged by the config's ticker. etcd renews a lease when a keep-alive <em>arrives</em>, so a reply proves the
 * lease alive only from when its request was <em>sent</em>: every confirmed contact is stamped with the send time.
 * jetcd's keep-alive stream hides when each of its requests went out (a reply delayed across a pause would be timed
 * on arrival), so its replies confirm nothing; it is kept open only as an early sign of a broken connection (our
 * single requests wait for the connection to come back instead of failing), and it can stop without telling anyone
 * (jetcd #965, #1322, #1383), so the clock stays the judge.
 *
 * <ul>
 *   <li>No confirmed contact for 45% of the TTL, or the stream broke: SUSPENDED; keep-alives go on at the same pace
 *       (never a tight loop while etcd is down, jetcd #1134). A confirmed contact after that: CONNECTED, stream
 *       reopened.
 *   <li>etcd says the lease is not found, or a full TTL passes since the last confirmed contact: EXPIRED.
 * </ul>
 */
final class EtcdSession extends HeartbeatSession {
  private final Lease leases;
  private CloseableClient stream;
  private boolean streamBroken;

  /**
   * @param ticker the config's clock, on which every contact is stamped and judged
   * @param grantSentAtNanos the ticker reading when the lease grant was sent (the first confirmed contact)
   */
  EtcdSession(long leaseId, String ownerId, Duration ttl, EventDispatcher events, Ticker ticker, long grantSentAtNanos,
      Lease leases, ScheduledExecutorService timer, BiConsumer<SessionState, String> onChange) {
    super(leaseId, ownerId, ttl, events, ticker, grantSentAtNanos, "etcd", 45, timer, onChange);
    this.leases = leases;
  }

  @Override
  public void start() {
    // The first keep-alive goes out from the opening thread: it loads and connects jetcd's lease stream, which can
    // take seconds on a busy machine, and must not stall the timer that judges the session.
    beatNow();
    openStream();
    super.start();
  }

  /** Stops the ticker, and with it the keep-alives, and the stream (after close or expiry). */
  @Override
  public synchronized void stop() {
    super.stop();
    closeStream();
  }

  private synchronized void openStream() {
    streamBroken = false;
    stream = leases.keepAlive(id(), new StreamObserver<>() {
      @Override
      public void onNext(LeaseKeepAliveResponse r) {
        if (r.getTTL() <= 0) {
          leaseNotFound();
        }
        // a renewal, but of a request whose send time we do not know: it confirms nothing
      }

      @Override
      public void onError(Throwable t) {
        if (Errors.isNotFound(t)) {
          leaseNotFound();
        } else {
          markBroken();
        }
      }

      @Override
      public void onCompleted() {
        markBroken();
      }
    });
  }

  /** etcd says the lease is gone (revoked or expired): EXPIRED. */
  void leaseNotFound() {
    expire("etcd reports lease " + Long.toHexString(id()) + " not found (revoked or expired)");
  }

  private synchronized void markBroken() {
    streamBroken = true;
  }

  private synchronized void closeStream() {
    if (stream != null) {
      try {
        stream.close();
      } catch (RuntimeException ignored) {
        // the stream is being abandoned either way
      }
      stream = null;
    }
  }

  @Override
  protected synchronized boolean connectionBroken() {
    return streamBroken;
  }

  /** A stream that reconnects in a tight loop is what burns CPU while etcd is down: drop it until contact. */
  @Override
  protected synchronized void onSuspended() {
    closeStream();
    streamBroken = true;
  }

  /** A recent confirmed contact: the stream is reopened. */
  @Override
  protected synchronized void onFreshContact() {
    if (!reportedState().isTerminal() && stream == null) {
      openStream();
    }
  }

  /** Sends a keep-alive; a reply confirms contact as of {@code now}, the send. */
  @Override
  protected void beat(long now) {
    // Give up on a reply after two intervals, so that fresh requests (and fresh stamps) follow once the connection
    // is back; a request queued while it was down is sent late, and its stamp is too old to help by then.
    leases.keepAliveOnce(id()).orTimeout(Math.max(20, 2 * intervalNanos() / 1_000_000), TimeUnit.MILLISECONDS)
        .whenComplete((r, e) -> {
          beatSettled();
          if (e == null && r.getTTL() > 0) {
            // etcd renewed the lease at some moment after `now`: count from `now`, the safe side.
            contact(now);
          } else if (e == null || Errors.isNotFound(e)) {
            leaseNotFound();
          }
          // otherwise etcd is unreachable for now: the ticker suspends, then expires, by the last confirmed contact
        });
  }
}
