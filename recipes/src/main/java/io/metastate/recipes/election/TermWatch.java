package io.metastate.recipes.election;

import io.metastate.provider.EventDispatcher;
import io.metastate.provider.support.ComponentThreads;
import io.metastate.session.Session;
import io.metastate.session.SessionState;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Applies the {@link UncertaintyPolicy} to a candidate's terms: starts a suspension episode when the lease turns
 * UNCERTAIN (or when a read finds the session suspended first and the session vouches for its last contact), times
 * it out, and decides on every read whether a term still leads. A term found not leading is marked revoked at once,
 * so no later read takes it for leading again, and handed to the candidate's state machine to be revoked.
 */
final class TermWatch {
  private final Session session;
  private final UncertaintyPolicy policy;
  private final EventDispatcher serial;
  private final ComponentThreads threads;
  private final BiConsumer<Term, LossReason> revoke;

  /**
   * @param threads the candidate's threads, whose timer times the episodes
   * @param revoke revokes a term if it is still the current one; run on {@code serial}
   */
  TermWatch(Session session, UncertaintyPolicy policy, EventDispatcher serial, ComponentThreads threads,
      BiConsumer<Term, LossReason> revoke) {
    this.session = session;
    this.policy = policy;
    this.serial = serial;
    this.threads = threads;
    this.revoke = revoke;
  }

  /** Whether {@code term} leads as far as this process can tell right now; once false, false for good. */
  boolean stillLeading(Term term) {
    if (term.isRevoked()) {
      return false;
    }
    SessionState read = session.state();
    UncertaintyPolicy.Contact contact = UncertaintyPolicy.contactOf(session);
    long now = UncertaintyPolicy.now();
    if (UncertaintyPolicy.readStartsEpisode(read, contact)) {
      term.startEpisode(now); // the notification is on its way; the session vouches that contact is recent
    }
    if (policy.leading(read, contact, term.episodeStart(), now)) {
      return true;
    }
    if (term.revoke()) {
      LossReason reason = read.isTerminal() ? LossReason.LEASE_LOST : LossReason.UNCERTAIN_TOO_LONG;
      serial.execute(() -> revoke.accept(term, reason));
    }
    return false;
  }

  /** The term's lease turned UNCERTAIN. Runs on the serial executor. */
  void uncertain(Term term) {
    long episode = ++term.uncertainEpisode;
    long now = UncertaintyPolicy.now();
    term.startEpisode(now); // unless a read started it earlier: the earlier start counts
    threads.schedule(() -> serial.execute(() -> {
      if (term.uncertainEpisode == episode) {
        stillLeading(term); // revokes it if the episode ran out
      }
    }), policy.remaining(term.episodeStart(), now), TimeUnit.NANOSECONDS);
  }

  /** The term's lease is HELD again. Runs on the serial executor. */
  void held(Term term) {
    term.uncertainEpisode++;
    term.endEpisode();
  }
}
