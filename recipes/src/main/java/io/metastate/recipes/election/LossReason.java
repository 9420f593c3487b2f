package io.metastate.recipes.election;

/** Why a leadership ended. */
public enum LossReason {
  /** The leader called {@link LeaderCandidate#resign()}. */
  RESIGNED,
  /** The session stayed suspended longer than the candidate's uncertainty bound; the lock may still be held. */
  UNCERTAIN_TOO_LONG,
  /** The lock was lost: the session expired or ended, or an administrator force-released the lock. */
  LEASE_LOST,
  /** The candidate was closed. */
  CLOSED
}
