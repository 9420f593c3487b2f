package io.metastate.etcd;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import io.metastate.Ticker;
import io.metastate.provider.AbstractSession;
import io.metastate.provider.EventDispatcher;
import io.metastate.session.SessionState;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

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
final class EtcdSession extends AbstractSession {
  private static final Logger LOG = Logger.getLogger(EtcdSession.class.getName());
  /** Keep-alives in flight at once, at most: past it etcd is not answering and more requests would only pile up. */
  private static final int MAX_IN_FLIGHT = 3;

  private final Lease leases;
  private final ScheduledExecutorService timer;
  private final long ttlNanos;
  private final long intervalNanos;
  private final BiConsumer<SessionState, String> onChange;
  private int inFlight;
  private CloseableClient stream;
  private boolean streamBroken;
  private long lastSentNanos;
  private ScheduledFuture<?> ticker;
  private volatile String endReason = "";
  private volatile boolean closing;

  /**
   * @param ticker the config's clock, on which every contact is stamped and judged
   * @param grantSentAtNanos the ticker reading when the lease grant was sent (the first confirmed contact)
   */
  EtcdSession(long leaseId, String ownerId, Duration ttl, EventDispatcher events, Ticker ticker, long grantSentAtNanos,
      Lease leases, ScheduledExecutorService timer, BiConsumer<SessionState, String> onChange) {
    super(leaseId, ownerId, ttl, events, ticker, grantSentAtNanos);
    this.leases = leases;
    this.timer = timer;
    this.ttlNanos = ttl.toNanos();
    this.intervalNanos = ttlNanos / 5;
    this.onChange = onChange;
    this.lastSentNanos = grantSentAtNanos;
  }

  /** close() is about to revoke the lease: its disappearance is ours, not an expiry. */
  void beginClose() {
    closing = true;
  }

  void start() {
    // The first keep-alive goes out from the opening thread: it loads and connects jetcd's lease stream, which can
    // take seconds on a busy machine, and must not stall the timer that judges the session.
    keepAlive(ticker().read(), true);
    openStream();
    long period = Math.max(20, Math.min(500, ttlNanos / 10 / 1_000_000));
    ticker = timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  /** Why the session ended (for exception messages), or "" while it lives. */
  String endReason() {
    return endReason;
  }

  /** Stops the ticker, and with it the keep-alives, and the stream (after close or expiry). */
  synchronized void stop() {
    if (ticker != null) {
      ticker.cancel(false);
    }
    closeStream();
  }

  /** Declares the lease gone: EXPIRED, with a reason for every later exception. */
  void expire(String reason) {
    if (reportedState().isTerminal() || closing) {
      return;
    }
    endReason = reason;
    if (moveTo(SessionState.EXPIRED)) {
      LOG.log(Level.INFO, "etcd session {0} expired: {1}", new Object[] {Long.toHexString(id()), reason});
    }
  }

  @Override
  protected void onStateChanged(SessionState from, SessionState to) {
    if (to.isTerminal()) {
      stop();
    }
    onChange.accept(to, endReason);
  }

  private synchronized void openStream() {
    streamBroken = false;
    stream = leases.keepAlive(id(), new StreamObserver<>() {
      @Override
      public void onNext(LeaseKeepAliveResponse r) {
        if (r.getTTL() <= 0) {
          expire("etcd reports lease " + Long.toHexString(id()) + " not found (revoked or expired)");
        }
        // a renewal, but of a request whose send time we do not know: it confirms nothing
      }

      @Override
      public void onError(Throwable t) {
        if (Errors.isNotFound(t)) {
          expire("etcd reports lease " + Long.toHexString(id()) + " not found (revoked or expired)");
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

  private void tick() {
    try {
      if (reportedState().isTerminal()) {
        return;
      }
      long silent = sinceContact().toNanos();
      if (silent >= ttlNanos) {
        expire("no confirmed contact with etcd for " + Duration.ofNanos(silent).toMillis() + " ms, longer than the"
            + " lease TTL of " + ttl().toMillis() + " ms");
        return;
      }
      boolean broken;
      synchronized (this) {
        broken = streamBroken;
      }
      if (silent > ttlNanos * 45 / 100 || broken) {
        moveTo(SessionState.SUSPENDED);
        // A stream that reconnects in a tight loop is what burns CPU while etcd is down: drop it until contact.
        synchronized (this) {
          closeStream();
          streamBroken = true;
        }
      }
      keepAlive(ticker().read(), false);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "etcd session ticker failed", e);
    }
  }

  /** A confirmed contact: CONNECTED again if we were suspended and the contact is recent, stream reopened. */
  private void reconnected() {
    if (sinceContact().toNanos() > ttlNanos * 45 / 100) {
      return; // still too old to count as connected
    }
    synchronized (this) {
      if (reportedState().isTerminal()) {
        return;
      }
      if (stream == null) {
        openStream();
      }
    }
    if (reportedState() == SessionState.SUSPENDED) {
      moveTo(SessionState.CONNECTED);
    }
  }

  /** Sends a keep-alive if one is due (or {@code force}); a reply confirms contact as of {@code now}, the send. */
  private void keepAlive(long now, boolean force) {
    synchronized (this) {
      if (!force && (now - lastSentNanos < intervalNanos || inFlight >= MAX_IN_FLIGHT)) {
        return;
      }
      lastSentNanos = now;
      inFlight++;
    }
    // Give up on a reply after two intervals, so that fresh requests (and fresh stamps) follow once the connection
    // is back; a request queued while it was down is sent late, and its stamp is too old to help by then.
    leases.keepAliveOnce(id()).orTimeout(Math.max(20, 2 * intervalNanos / 1_000_000), TimeUnit.MILLISECONDS)
        .whenComplete((r, e) -> {
          synchronized (this) {
            inFlight--;
          }
          if (e == null && r.getTTL() > 0) {
            // etcd renewed the lease at some moment after `now`: count from `now`, the safe side.
            confirmContact(now);
            reconnected();
          } else if (e == null || Errors.isNotFound(e)) {
            expire("etcd reports lease " + Long.toHexString(id()) + " not found (revoked or expired)");
          }
          // otherwise etcd is unreachable for now: the ticker suspends, then expires, by the last confirmed contact
        });
  }
}
