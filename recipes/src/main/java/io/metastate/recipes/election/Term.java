package io.metastate.recipes.election;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseListener;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.state.Op;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** One term of a candidate's leadership; forwards its lease's changes to the candidate's state machine. */
final class Term implements Leadership, LeaseListener {
  private final Candidate candidate;
  private final LockLease lease;
  private final AtomicBoolean revoked = new AtomicBoolean();
  /** When the candidate learned of the current suspension ({@link UncertaintyPolicy#now()}), or none. */
  private final AtomicLong episodeStart = new AtomicLong(UncertaintyPolicy.NO_EPISODE);
  /** Bumped on every UNCERTAIN and HELD, so that a revocation timer knows whether its episode is still on. */
  long uncertainEpisode;

  Term(Candidate candidate, LockLease lease) {
    this.candidate = candidate;
    this.lease = lease;
  }

  /** Marks the term over; true the first time. */
  boolean revoke() {
    return revoked.compareAndSet(false, true);
  }

  boolean isRevoked() {
    return revoked.get();
  }

  /** Starts a suspension episode at {@code now}, unless one is on (the earlier start counts). */
  void startEpisode(long now) {
    episodeStart.compareAndSet(UncertaintyPolicy.NO_EPISODE, now);
  }

  void endEpisode() {
    episodeStart.set(UncertaintyPolicy.NO_EPISODE);
  }

  long episodeStart() {
    return episodeStart.get();
  }

  @Override
  public String electionName() {
    return candidate.electionName();
  }

  @Override
  public FencingToken token() {
    return lease.token();
  }

  @Override
  public LockLease lease() {
    return lease;
  }

  /** Not revoked, the lease not lost or released, and still leading by the uncertainty policy, read now. */
  @Override
  public boolean isValid() {
    return !lease.state().isTerminal() && candidate.stillLeading(this);
  }

  @Override
  public String fenceName() {
    return lease.name();
  }

  @Override
  public List<Op> guardOps() {
    return List.of(Op.lockHeld(lease));
  }

  @Override
  public void stateChanged(LockLease changed, LeaseState from, LeaseState to) {
    candidate.leaseChanged(this, to);
  }

  @Override
  public String toString() {
    return "Leadership[" + electionName() + ", " + token() + (revoked.get() ? ", revoked" : "") + ", " + lease.state() + "]";
  }
}
