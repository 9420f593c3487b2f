package io.metastate.provider.support;

import io.metastate.Ticker;
import io.metastate.provider.AbstractSession;
import io.metastate.provider.EventDispatcher;
import io.metastate.session.SessionState;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A session that the provider keeps alive itself, by heartbeats it paces (one per fifth of the TTL), and that the
 * config's ticker judges, for a backend that renews the session when a heartbeat <em>arrives</em> (an etcd lease, a
 * session row). A reply proves the session alive only from when its request was <em>sent</em>, so the subclass
 * reports each reply with its send time ({@link #contact(long)}).
 *
 * <p>A timer judges the silence since the last confirmed contact, in this order: a full TTL, EXPIRED; longer than the
 * suspend point (a share of the TTL the provider chooses, tuned so that a cut-off client is SUSPENDED before half its
 * TTL and for most of it) or a broken connection, SUSPENDED; then a heartbeat if one is due and fewer than three are in
 * flight (never a tight loop while the backend is down). A contact within the suspend point makes a SUSPENDED session
 * CONNECTED again. A subclass sends the heartbeat ({@link #beat(long)}) and may watch its connection
 * ({@link #connectionBroken()}, {@link #onSuspended()}, {@link #onFreshContact()}).
 */
public abstract class HeartbeatSession extends AbstractSession {
  private static final Logger LOG = Logger.getLogger(HeartbeatSession.class.getName());
  /** Heartbeats in flight at once, at most: past it the backend is not answering and more would only pile up. */
  private static final int MAX_IN_FLIGHT = 3;

  private final String backend;
  private final ScheduledExecutorService timer;
  private final long ttlNanos;
  private final long intervalNanos;
  private final long suspendAfterNanos;
  private final BiConsumer<SessionState, String> onChange;
  private int inFlight;
  private long lastSentNanos;
  private ScheduledFuture<?> ticking;
  private volatile String endReason = "";
  private volatile boolean closing;

  /**
   * @param ticker the config's clock, on which every contact is stamped and judged
   * @param createdSentAtNanos the ticker reading when the request that created the session was sent
   * @param backend the backend's name, for messages ("etcd")
   * @param suspendPercent the silence, in percent of the TTL, after which the session is SUSPENDED
   * @param timer runs the judgement (and nothing slow)
   * @param onChange told of each transition, with {@link #endReason()}
   */
  protected HeartbeatSession(long id, String ownerId, Duration ttl, EventDispatcher events, Ticker ticker,
      long createdSentAtNanos, String backend, int suspendPercent, ScheduledExecutorService timer,
      BiConsumer<SessionState, String> onChange) {
    super(id, ownerId, ttl, events, ticker, createdSentAtNanos);
    if (suspendPercent <= 0 || suspendPercent >= 100) {
      throw new IllegalArgumentException("suspendPercent must be between 0 and 100, exclusive: " + suspendPercent);
    }
    this.backend = Objects.requireNonNull(backend, "backend");
    this.timer = Objects.requireNonNull(timer, "timer");
    this.onChange = Objects.requireNonNull(onChange, "onChange");
    this.ttlNanos = ttl.toNanos();
    this.intervalNanos = ttlNanos / 5;
    this.suspendAfterNanos = ttlNanos * suspendPercent / 100;
    this.lastSentNanos = createdSentAtNanos;
  }

  /** Starts judging (and with it the heartbeats). */
  public void start() {
    long period = Math.max(20, Math.min(500, ttlNanos / 10 / 1_000_000));
    synchronized (this) {
      ticking = timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }
  }

  /** Sends a heartbeat now, whatever the pace (the first one, from the opening thread). */
  protected final void beatNow() {
    long now = ticker().read();
    if (takeBeat(now, true)) {
      beat(now);
    }
  }

  /** Close is about to end the session on the backend: its disappearance is ours, not an expiry. */
  public final void beginClose() {
    closing = true;
  }

  /** Why the session ended (for exception messages), or "" while it lives. */
  public final String endReason() {
    return endReason;
  }

  /** Stops the judgement, and with it the heartbeats (after close or expiry). */
  public synchronized void stop() {
    if (ticking != null) {
      ticking.cancel(false);
    }
  }

  /** Declares the session gone, unless it is closing: EXPIRED, with a reason for every later exception. */
  public final void expire(String reason) {
    if (reportedState().isTerminal() || closing) {
      return;
    }
    endReason = reason;
    if (moveTo(SessionState.EXPIRED)) {
      LOG.log(Level.INFO, "{0} session {1} expired: {2}", new Object[] {backend, idText(), reason});
    }
  }

  /** A request of this session was answered: it was sent at {@code sentAtNanos}, so the session was alive then. */
  protected final void contact(long sentAtNanos) {
    confirmContact(sentAtNanos);
    if (sinceContact().toNanos() > suspendAfterNanos) {
      return; // still too old to count as connected
    }
    onFreshContact();
    if (reportedState() == SessionState.SUSPENDED) {
      moveTo(SessionState.CONNECTED);
    }
  }

  /** The pace of heartbeats: a fifth of the TTL. */
  protected final long intervalNanos() {
    return intervalNanos;
  }

  /** Marks a heartbeat's reply (or failure) as in: the next may go out. */
  protected final void beatSettled() {
    synchronized (this) {
      inFlight--;
    }
  }

  /**
   * Sends one heartbeat, sent at {@code sentAtNanos}; reports a reply through {@link #contact(long)} or
   * {@link #expire(String)}, and calls {@link #beatSettled()} once either way. Must not block the timer.
   */
  protected abstract void beat(long sentAtNanos);

  /** Whether the connection is known broken, which SUSPENDs before the silence does. */
  protected boolean connectionBroken() {
    return false;
  }

  /** Called on each judgement that finds the session SUSPENDED (on the timer). */
  protected void onSuspended() {}

  /** Called on a contact within the suspend point, before a SUSPENDED session turns CONNECTED. */
  protected void onFreshContact() {}

  /** The id as the backend writes it, for messages. */
  protected String idText() {
    return Long.toHexString(id());
  }

  @Override
  protected final void onStateChanged(SessionState from, SessionState to) {
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
        expire("no confirmed contact with " + backend + " for " + Duration.ofNanos(silent).toMillis() + " ms, as long"
            + " as the session TTL of " + ttl().toMillis() + " ms");
        return;
      }
      if (silent > suspendAfterNanos || connectionBroken()) {
        moveTo(SessionState.SUSPENDED);
        onSuspended();
      }
      long now = ticker().read();
      if (takeBeat(now, false)) {
        beat(now);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, backend + " session ticker failed", e);
    }
  }

  private synchronized boolean takeBeat(long now, boolean force) {
    if (!force && (now - lastSentNanos < intervalNanos || inFlight >= MAX_IN_FLIGHT)) {
      return false;
    }
    lastSentNanos = now;
    inFlight++;
    return true;
  }
}
