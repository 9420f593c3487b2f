/**
 * Leader election on a named lock (rDSN meta servers, Curator's LeaderLatch, etcd's election API).
 *
 * <p>Candidates ({@link io.metastate.recipes.election.LeaderCandidate}) queue for the lock
 * {@code metastate-elections/<election>}; the holder leads, and its epoch is the lock's fencing token. The leader
 * publishes who it is in the ephemeral node {@code /metastate/elections/<election>/leader}, written in one
 * transaction with {@link io.metastate.state.Op#lockHeld} so that only the current holder can publish. Its data is
 * a UTF-8 header ({@code metastate-leader/1}, {@code token=}, {@code session=}, {@code owner=} lines), a blank line,
 * then the leader's metadata bytes. Observers ({@link io.metastate.recipes.election.LeaderObserver}) watch that node.
 *
 * <p>Leadership ends, and the listener is told, when the lease is lost, when the session has been suspended longer
 * than the candidate's uncertainty bound (default and maximum a quarter of the session TTL; never once the
 * session's last confirmed contact is a full TTL old), on resign, and on close. Writes made
 * through a {@link io.metastate.recipes.fenced.FencedWriter} on the {@link io.metastate.recipes.election.Leadership}
 * are applied only while the lock is still held, so two leaders never both write with valid tokens.
 */
package io.metastate.recipes.election;
