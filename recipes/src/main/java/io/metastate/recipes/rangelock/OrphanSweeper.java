package io.metastate.recipes.rangelock;

import io.metastate.error.CoordinationException;
import io.metastate.error.NoNodeException;
import io.metastate.session.Session;
import io.metastate.state.MetaStateService;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Request nodes of this session that must go but are not gone yet: withdrawn ones whose delete failed, and those of
 * creates whose outcome was unknown (the connection was lost), known only by the nonce written into them. Such a node
 * would block conflicting requests, this session's own included, for as long as the session lives.
 *
 * <p>A create whose reply was lost may become visible late (ZooKeeper: a server that had not yet applied it), so a
 * nonce is kept until its node has been seen and deleted, or the session ends: the space re-reads its line at every
 * child created while one is pending. Thread-safe; deletes run outside the monitor.
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

  /**
   * Deletes the nodes of unknown creates found in {@code line} and returns the line without them: they are going,
   * and nobody, their own session least of all, must wait behind them.
   */
  List<Request> sweep(List<Request> line, long sessionId) {
    List<Request> kept = new ArrayList<>(line.size());
    List<Request> found = new ArrayList<>();
    synchronized (this) {
      for (Request r : line) {
        if (r.sessionId() == sessionId && unknownCreates.remove(r.nonce())) {
          found.add(r);
        } else {
          kept.add(r);
        }
      }
    }
    found.forEach(r -> deleteOrOrphan(r.path()));
    return kept;
  }

  /**
   * Deletes other nodes of the request {@code mine} found in {@code line} (a provider that retried its create after a
   * lost reply may have made two) and returns the line without them.
   */
  List<Request> dropDuplicates(List<Request> line, Request mine) {
    List<Request> kept = new ArrayList<>(line.size());
    for (Request r : line) {
      if (r.sessionId() == mine.sessionId() && r.nonce().equals(mine.nonce()) && !r.path().equals(mine.path())) {
        deleteOrOrphan(r.path());
      } else {
        kept.add(r);
      }
    }
    return kept;
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
