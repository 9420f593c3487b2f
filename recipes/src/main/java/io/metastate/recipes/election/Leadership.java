package io.metastate.recipes.election;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LockLease;
import io.metastate.recipes.fenced.Fence;

/**
 * One term of leadership. Its {@link #token() token} is the epoch: strictly greater than every earlier leader's of
 * the same election. Fence writes with {@code FencedWriter.of(client.state(), leadership)}: they are rejected once
 * the term is over, even if this process has not noticed yet.
 */
public interface Leadership extends Fence {
  /** The election this term belongs to. */
  String electionName();

  /** The epoch: the fencing token of the election lock's grant. */
  @Override
  FencingToken token();

  /** The lock lease behind this term. Do not release it directly: use {@link LeaderCandidate#resign()}. */
  LockLease lease();

  /** Whether the term is not yet known to be over (not revoked, and the lease not lost or released). */
  @Override
  boolean isValid();
}
