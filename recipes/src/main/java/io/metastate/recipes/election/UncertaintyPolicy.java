package io.metastate.recipes.election;

import io.metastate.provider.AbstractSession;
import io.metastate.session.Session;
import io.metastate.session.SessionState;
import java.time.Duration;
import java.util.Objects;

/**
 * When a leader whose session lost contact must stop taking itself for the leader: the uncertainty bound, what it
 * may be, and the decision on each read.
 *
 * <p><b>The maximum.</b> A provider notices a lost connection late: ZooKeeper up to about 2/3 of the TTL after the
 * last contact, etcd at 0.6 of it. The bound runs from when the candidate learns of the suspension, so a bound of a
 * quarter of the TTL ends leadership at 11/12 of the TTL at the latest, before the backend can expire the session
 * and grant the lock to another; anything longer is refused.
 *
 * <p><b>On read.</b> A term counts as leading while its session reads CONNECTED, or SUSPENDED for less than the
 * bound, and never once the session's last confirmed contact is a full TTL old (the session then reads SUSPENDED
 * although nobody has told the candidate yet: after a process pause, say). Where the session cannot say how old its
 * last contact is, a suspension the candidate was not yet told of is taken as that case.
 */
final class UncertaintyPolicy {
  /** What the session says of its last confirmed contact. */
  enum Contact {
    /** Less than a TTL old. */
    FRESH,
    /** A full TTL old or older: the backend may have expired the session already. */
    LAPSED,
    /** The session cannot say. */
    UNKNOWN
  }

  /** The episode start of a term that is not suspended. */
  static final long NO_EPISODE = Long.MIN_VALUE;

  private final Duration bound;
  private final long boundNanos;

  private UncertaintyPolicy(Duration bound) {
    this.bound = bound;
    this.boundNanos = bound.toNanos();
  }

  /** The largest bound accepted for a session TTL: a quarter of it. */
  static Duration maximum(Duration ttl) {
    return ttl.dividedBy(4);
  }

  /**
   * The policy for a session TTL and a requested bound ({@code null}: the default, which is the maximum).
   *
   * @throws IllegalArgumentException if the bound is negative or above {@link #maximum(Duration)}, naming both
   */
  static UncertaintyPolicy of(Duration ttl, Duration requested) {
    Objects.requireNonNull(ttl, "ttl");
    Duration max = maximum(ttl);
    Duration bound = requested == null ? max : requested;
    if (bound.isNegative()) {
      throw new IllegalArgumentException("uncertaintyBound must be at least 0, was " + bound);
    }
    if (bound.compareTo(max) > 0) {
      throw new IllegalArgumentException("uncertaintyBound " + bound + " is more than the maximum " + max
          + " for a session TTL of " + ttl + ": providers notice a lost connection up to 2/3 of the TTL after the"
          + " last contact (ZooKeeper; etcd at 0.6), and leadership must end before the session can expire");
    }
    return new UncertaintyPolicy(bound);
  }

  Duration bound() {
    return bound;
  }

  /** The clock episodes are measured on (the one the candidate's timers run on). */
  static long now() {
    return System.nanoTime();
  }

  /** What {@code session} says of its last contact. */
  static Contact contactOf(Session session) {
    if (session instanceof AbstractSession s) {
      return s.contactLapsed() ? Contact.LAPSED : Contact.FRESH;
    }
    return Contact.UNKNOWN;
  }

  /**
   * Whether a read that finds the session suspended before the candidate was told may start the episode itself: only
   * when the session vouches that its last contact is less than a TTL old.
   */
  static boolean readStartsEpisode(SessionState read, Contact contact) {
    return read == SessionState.SUSPENDED && contact == Contact.FRESH;
  }

  /**
   * Whether a term counts as leading.
   *
   * @param read the session's state as read now
   * @param contact what the session says of its last contact
   * @param episodeStart when the candidate learned of the current suspension, or {@link #NO_EPISODE}
   * @param now a reading of {@link #now()}
   */
  boolean leading(SessionState read, Contact contact, long episodeStart, long now) {
    if (contact == Contact.LAPSED) {
      return false;
    }
    return switch (read) {
      case CONNECTED -> true;
      case SUSPENDED -> episodeStart != NO_EPISODE && now - episodeStart < boundNanos;
      case EXPIRED, CLOSED -> false;
    };
  }

  /** How long after {@code now} an episode that started at {@code episodeStart} runs out (zero if it has). */
  long remaining(long episodeStart, long now) {
    return Math.max(0, boundNanos - (now - episodeStart));
  }

  @Override
  public String toString() {
    return "UncertaintyPolicy[bound=" + bound + "]";
  }
}
