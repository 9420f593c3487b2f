package io.metastate.recipes.election;

import io.metastate.CoordinationClient;
import java.time.Duration;
import java.util.Optional;

/**
 * Contends for the leadership of a named election on behalf of a client's session.
 *
 * <pre>{@code
 * LeaderCandidate candidate = LeaderCandidate.builder(client, "meta-servers")
 *     .metadata("10.0.0.7:8080".getBytes(UTF_8))
 *     .listener(new LeadershipListener() {
 *       public void elected(Leadership term) { startServing(FencedWriter.of(client.state(), term)); }
 *       public void revoked(Leadership term, LossReason why) { stopServing(); }
 *     })
 *     .start();
 * ...
 * candidate.close();   // resigns if leading, leaves the queue
 * }</pre>
 *
 * <p>One session can be one candidate per election. After a lost term the candidate queues again (unless built
 * with {@code requeue(false)}), as long as its session lives; once the session has expired or closed the candidate
 * is over ({@link #isActive()} is false) and a new client is needed.
 */
public interface LeaderCandidate extends AutoCloseable {
  /** A builder of a candidate for {@code electionName} (a valid lock name, see {@link io.metastate.lock.LockNames}). */
  static Builder builder(CoordinationClient client, String electionName) {
    return new CandidateBuilder(client, electionName);
  }

  /** The election contended for. */
  String electionName();

  /** Whether this candidate leads right now with a HELD lease (and, so, a CONNECTED session). */
  boolean isLeader();

  /**
   * The current term, if this candidate leads: its lease may be UNCERTAIN for less than the uncertainty bound, never
   * longer, and never once its session's last confirmed contact is a full TTL old.
   */
  Optional<Leadership> leadership();

  /** Waits up to {@code timeout} for this candidate to lead; empty if it does not by then or is no longer active. */
  Optional<Leadership> awaitLeadership(Duration timeout);

  /**
   * Ends the current term, if any: unpublishes the leader node and releases the lock, so that the next candidate in
   * line takes over; then queues again unless built with {@code requeue(false)}. Returns when done.
   */
  void resign();

  /** Whether the candidate still contends or leads: false after {@link #close()}, session end, or a final loss. */
  boolean isActive();

  /** Resigns if leading and leaves the queue; idempotent. Returns when done. */
  @Override
  void close();

  /** Configures a candidate; each setting may be given once. */
  interface Builder {
    /** What the leader publishes for observers (an address, say); default none. */
    Builder metadata(byte[] metadata);

    /** Who is told of elections and revocations; default nobody. */
    Builder listener(LeadershipListener listener);

    /**
     * How long the session may stay suspended before leadership is revoked: zero revokes at once. At most a quarter
     * of the session TTL, which is also the default: providers notice a lost connection up to 2/3 of the TTL after
     * the last contact, and leadership must end before the session can expire. Whatever the bound, the candidate
     * never reads as leading once its session's last confirmed contact is a full TTL old.
     */
    Builder uncertaintyBound(Duration bound);

    /** Whether to queue again after a term ends while the session lives; default true. */
    Builder requeue(boolean requeue);

    /**
     * Joins the election.
     *
     * @throws io.metastate.error.LockAlreadyHeldException if this session is already a candidate of this election
     * @throws IllegalArgumentException if the uncertainty bound is negative or more than a quarter of the session
     *     TTL; the message names the value and the maximum
     * @throws io.metastate.error.ConfigurationException if the client's locks and meta-state are on different
     *     providers: the leader node is written in one transaction with the lock check
     */
    LeaderCandidate start();
  }
}
