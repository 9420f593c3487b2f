package io.metastate.recipes.election;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LeaseListener;
import io.metastate.lock.LeaseState;
import io.metastate.lock.LockLease;
import io.metastate.state.Op;
import java.util.List;

/** One term of a candidate's leadership; forwards its lease's changes to the candidate's state machine. */
final class Term implements Leadership, LeaseListener {
  private final Candidate candidate;
  private final LockLease lease;
  private volatile boolean revoked;
  /** Bumped on every UNCERTAIN and HELD, so that a revocation timer knows whether its episode is still on. */
  long uncertainEpisode;

  Term(Candidate candidate, LockLease lease) {
    this.candidate = candidate;
    this.lease = lease;
  }

  void revoke() {
    revoked = true;
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

  @Override
  public boolean isValid() {
    return !revoked && !lease.state().isTerminal();
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
    return "Leadership[" + electionName() + ", " + token() + (revoked ? ", revoked" : "") + ", " + lease.state() + "]";
  }
}
