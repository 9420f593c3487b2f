package io.metastate.recipes.election;

import io.metastate.error.CoordinationException;
import io.metastate.error.LeaseLostException;
import io.metastate.error.NodeExistsException;
import io.metastate.error.TransactionFailedException;
import io.metastate.lock.LockLease;
import io.metastate.state.CreateMode;
import io.metastate.state.MetaStateService;
import io.metastate.state.Node;
import io.metastate.state.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The election's leader node, which tells observers who leads: written by the holder of the election lock in one
 * transaction with {@link Op#lockHeld}, so that only the current holder can publish; and stepping down, which
 * removes it and releases the lock.
 */
final class LeaderNode {
  private static final Logger LOG = Logger.getLogger(LeaderNode.class.getName());
  private static final int PUBLISH_ATTEMPTS = 5;

  private final MetaStateService state;
  private final String electionName;
  private final String leaderPath;
  private final byte[] metadata;

  LeaderNode(MetaStateService state, String electionName, byte[] metadata) {
    this.state = state;
    this.electionName = electionName;
    this.leaderPath = ElectionLayout.leaderPath(electionName);
    this.metadata = metadata;
  }

  void ensureElectionNode() {
    try {
      state.createWithParents(ElectionLayout.electionPath(electionName), new byte[0], CreateMode.PERSISTENT);
    } catch (NodeExistsException alreadyThere) {
      // another candidate made it first
    }
  }

  /**
   * Writes the leader node, fenced by the term's lease: replaces a leftover node of an earlier leader
   * (force-released, or not yet cleaned up), and retries when another writer races. False if the lease is lost or
   * the races go on.
   */
  boolean publish(Term term) {
    byte[] record = ElectionLayout.encode(term.token(), state.session().id(), state.session().ownerId(), metadata);
    for (int attempt = 0; attempt < PUBLISH_ATTEMPTS; attempt++) {
      if (!term.isValid()) {
        return false;
      }
      Optional<Node> leftover = state.get(leaderPath);
      List<Op> ops = new ArrayList<>(3);
      ops.add(Op.lockHeld(term.lease()));
      leftover.ifPresent(node -> ops.add(Op.delete(leaderPath, node.stat().version())));
      ops.add(Op.create(leaderPath, record, CreateMode.EPHEMERAL));
      try {
        state.multi(ops);
        return true;
      } catch (TransactionFailedException e) {
        if (e.reason() instanceof LeaseLostException) {
          return false;
        }
        // the leftover changed under us: read again
      }
    }
    return false;
  }

  /** Removes the leader node if it is still this term's; best effort. */
  private void unpublish(Term term) {
    try {
      Optional<Node> node = state.get(leaderPath);
      if (node.isPresent() && ElectionLayout.decode(electionName, node.get().data())
          .map(info -> info.token().equals(term.token())).orElse(false)) {
        state.multi(List.of(Op.lockHeld(term.lease()), Op.delete(leaderPath, node.get().stat().version())));
      }
    } catch (CoordinationException bestEffort) {
      // The node is ephemeral and every write is fenced: a leftover dies with the session or is replaced.
    }
  }

  /** Unpublishes the leader node (if still ours) and releases the lock; false if the backend could not be told. */
  boolean stepDown(Term term) {
    unpublish(term);
    try {
      term.lease().release();
      return true;
    } catch (CoordinationException e) {
      LOG.log(Level.FINE, "election " + electionName + ": release failed; retrying when reconnected", e);
      return term.lease().state().isTerminal();
    }
  }

  static void releaseQuietly(LockLease lease) {
    try {
      lease.release();
    } catch (CoordinationException e) {
      // the lock ends with the session at the latest
    }
  }
}
