package io.metastate.recipes.rangelock;

import io.metastate.error.CoordinationException;
import io.metastate.error.NoNodeException;
import io.metastate.session.Session;
import io.metastate.state.MetaStateService;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Request nodes of this session that must go but are not gone yet: withdrawn ones whose delete failed, and those of
 * creates whose outcome was unknown (the connection was lost), known only by the nonce written into them. Such a node
 * would block conflicting requests, this session's own included, for as long as the session lives.
 * Thread-safe; deletes run outside the monitor.
 */
final class OrphanSweeper {
  private final MetaStateService state;
  private final Runnable retryLater;
  private final Set<String> orphans = new LinkedHashSet<>();
  private final Set<String> unknownCreates = new LinkedHashSet<>();

  /** @param retryLater schedules a later pass (an evaluation of the space) after a failed delete */
  OrphanSweeper(MetaStateService state, Runnable retryLater) {
    this.state = state;
    this.retryLater = retryLater;
  }

  synchronized boolean hasWork() {
    return !orphans.isEmpty() || !unknownCreates.isEmpty();
  }

  synchronized boolean awaitsUnknownCreates() {
    return !unknownCreates.isEmpty();
  }

  /** Remembers a create whose outcome is unknown: its node, if it exists, is ours to delete when found. */
  synchronized void noteUnknownCreate(String nonce) {
    unknownCreates.add(nonce);
  }

  /** Retries the deletes that failed before. */
  void retryOrphans() {
    List<String> leftovers;
    synchronized (this) {
      leftovers = List.copyOf(orphans);
      orphans.clear();
    }
    leftovers.forEach(this::deleteOrOrphan);
  }

  /** Withdraws the nodes of unknown creates found in {@code line}, which was read after they were sent. */
  List<Request> sweep(List<Request> line, long sessionId) {
    Set<String> nonces;
    synchronized (this) {
      nonces = Set.copyOf(unknownCreates);
      unknownCreates.clear();
    }
    for (Request r : line) {
      if (r.sessionId() == sessionId && nonces.contains(r.nonce())) {
        deleteOrOrphan(r.path());
      }
    }
    return line;
  }

  /** Deletes a node of ours; on failure keeps it for a retry (it dies with the session at the latest). */
  void deleteOrOrphan(String path) {
    try {
      state.delete(path, MetaStateService.ANY_VERSION);
    } catch (NoNodeException alreadyGone) {
      // fine
    } catch (CoordinationException e) {
      Session session = state.session();
      if (!session.state().isTerminal()) {
        synchronized (this) {
          orphans.add(path);
        }
        retryLater.run();
      }
    }
  }

  /** Forgets everything: the session ended, and its nodes with it. */
  synchronized void clear() {
    orphans.clear();
    unknownCreates.clear();
  }
}
