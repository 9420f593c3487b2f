package io.metastate.localfile;

import io.metastate.lock.FencingToken;
import java.util.ArrayList;
import java.util.List;

/**
 * One place in a lock's queue in the {@link LockTable}. Its fencing token is drawn when it joins: claims join in queue
 * order, so the tokens of successive grants increase. Fields other than the final ones are guarded by the table.
 */
final class LocalClaim {
  final String name;
  final LocalSession session;
  final FencingToken token;
  final Runnable wake;
  /** The wake-ups of the claims that wait for this one to leave. */
  final List<Runnable> successors = new ArrayList<>();
  /** The lease granted on this claim, once there is one. */
  LocalLease lease;

  LocalClaim(String name, LocalSession session, FencingToken token, Runnable wake) {
    this.name = name;
    this.session = session;
    this.token = token;
    this.wake = wake;
  }
}
