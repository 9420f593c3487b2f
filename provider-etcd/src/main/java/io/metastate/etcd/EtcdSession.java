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
 * A session is an etcd lease kept alive by jetcd's keep-alive stream, watched by our own clock: jetcd's stream can
 * stop without telling anyone (jetcd #965, #1322, #1383), so every response is stamped with monotonic time and a
 * ticker judges the lease by the last confirmed contact, never by the stream's silence.
 *
 * <ul>
 *   <li>No keep-alive answer for 45% of the TTL: one probe (a single keep-alive request); none for 60% of the TTL, or
 *       the stream ended: SUSPENDED. The stream is dropped and the lease is
 *       probed with one paced keep-alive request per third of the TTL, so nothing spins while etcd is down
 *       (jetcd #1134). An answer with TTL &gt; 0 renews and confirms the lease: CONNECTED, stream restarted.
 *   <li>etcd says the lease is not found, or a full TTL passes since the last confirmed contact: EXPIRED.
 * </ul>
 */
final class EtcdSession extends AbstractSession {
  private static final Logger LOG = Logger.getLogger(EtcdSession.class.getName());

  private final Lease leases;
  private final ScheduledExecutorService timer;
  private final long ttlNanos;
  private final BiConsumer<SessionState, String> onChange;
  private CloseableClient stream;
  private boolean streamBroken;
  private boolean probing;
  private long lastProbeNanos;
  private ScheduledFuture<?> ticker;
  private volatile String endReason = "";
  private volatile boolean closing;

  /** close() is about to revoke the lease: its disappearance is ours, not an expiry. */
  void beginClose() {
    closing = true;
  }

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
    this.onChange = onChange;
  }

  void start() {
    openStream();
    long period = Math.max(20, Math.min(500, ttlNanos / 10 / 1_000_000));
    ticker = timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  /** Why the session ended (for exception messages), or "" while it lives. */
  String endReason() {
    return endReason;
  }

  /** Stops the ticker and the keep-alive stream (after close or expiry). */
  synchronized void stop() {
    if (ticker != null) {
      ticker.cancel(false);
    }
    closeStream();
  }

  /** Declares the lease gone: EXPIRED, with a reason for every later exception. */
  void expire(String reason) {
    if (state().isTerminal() || closing) {
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
        if (r.getTTL() > 0) {
          contact(ticker().read());
        } else {
          expire("etcd reports lease " + Long.toHexString(id()) + " not found (revoked or expired)");
        }
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

  private void contact(long atNanos) {
    confirmContact(atNanos);
    if (reportedState() == SessionState.SUSPENDED) {
      moveTo(SessionState.CONNECTED);
    }
  }

  private void tick() {
    try {
      if (reportedState().isTerminal()) {
        return;
      }
      long now = ticker().read();
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
      if (silent > ttlNanos * 6 / 10 || broken) {
        moveTo(SessionState.SUSPENDED);
        synchronized (this) {
          // A stream that reconnects in a tight loop is what burns CPU while etcd is down: drop it, probe instead.
          closeStream();
          streamBroken = true;
        }
      }
      // jetcd paces its stream coarsely (a 500 ms loop), so probe a little before suspending, to confirm or renew.
      if (silent > ttlNanos * 45 / 100 || broken) {
        synchronized (this) {
          if (!probing && now - lastProbeNanos >= ttlNanos / 4) {
            probing = true;
            lastProbeNanos = now;
            probe(now);
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "etcd session ticker failed", e);
    }
  }

  private void probe(long sentAt) {
    leases.keepAliveOnce(id()).orTimeout(Math.max(50, ttlNanos / 4 / 1_000_000), TimeUnit.MILLISECONDS)
        .whenComplete((r, e) -> {
          synchronized (this) {
            probing = false;
          }
          if (e == null && r.getTTL() > 0) {
            // etcd renewed the lease at some moment after sentAt: count from sentAt, the safe side.
            contact(sentAt);
            synchronized (this) {
              if (!state().isTerminal() && stream == null) {
                openStream();
              }
            }
          } else if ((e == null) || Errors.isNotFound(e)) {
            expire("etcd reports lease " + Long.toHexString(id()) + " not found (revoked or expired)");
          }
          // otherwise etcd is still unreachable: stay SUSPENDED, the ticker expires us after a full TTL
        });
  }
}
