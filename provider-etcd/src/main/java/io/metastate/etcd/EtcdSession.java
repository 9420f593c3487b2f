package io.metastate.etcd;

import io.etcd.jetcd.Lease;
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
 * jetcd's keep-alive stream is not used: it hides when each request went out (a reply delayed across a pause would be
 * timed on arrival), and it can stop without telling anyone (jetcd #965, #1322, #1383).
 *
 * <ul>
 *   <li>No confirmed contact for 60% of the TTL: SUSPENDED; keep-alives go on at the same pace (never a tight loop
 *       while etcd is down, jetcd #1134). A confirmed contact after that: CONNECTED.
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
    long period = Math.max(20, Math.min(500, ttlNanos / 10 / 1_000_000));
    ticker = timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  /** Why the session ended (for exception messages), or "" while it lives. */
  String endReason() {
    return endReason;
  }

  /** Stops the ticker, and with it the keep-alives (after close or expiry). */
  synchronized void stop() {
    if (ticker != null) {
      ticker.cancel(false);
    }
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
      if (silent > ttlNanos * 6 / 10) {
        moveTo(SessionState.SUSPENDED);
      }
      keepAlive(ticker().read(), false);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "etcd session ticker failed", e);
    }
  }

  /** Sends one keep-alive if one is due (or {@code force}); its reply confirms contact as of {@code now}, the send time. */
  private void keepAlive(long now, boolean force) {
    synchronized (this) {
      if (!force && (now - lastSentNanos < intervalNanos || inFlight >= MAX_IN_FLIGHT)) {
        return;
      }
      lastSentNanos = now;
      inFlight++;
    }
    // A reply later than the TTL proves nothing any more: the lease may have expired meanwhile.
    leases.keepAliveOnce(id()).orTimeout(Math.max(50, ttlNanos / 1_000_000), TimeUnit.MILLISECONDS)
        .whenComplete((r, e) -> {
          synchronized (this) {
            inFlight--;
          }
          if (e == null && r.getTTL() > 0) {
            // etcd renewed the lease at some moment after `now`: count from `now`, the safe side.
            confirmContact(now);
            if (reportedState() == SessionState.SUSPENDED && sinceContact().toNanos() <= ttlNanos * 6 / 10) {
              moveTo(SessionState.CONNECTED);
            }
          } else if (e == null || Errors.isNotFound(e)) {
            expire("etcd reports lease " + Long.toHexString(id()) + " not found (revoked or expired)");
          }
          // otherwise etcd is unreachable for now: the ticker suspends, then expires, by the last confirmed contact
        });
  }
}
