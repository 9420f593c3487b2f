package io.metastate.localfile;

import io.metastate.error.CoordinationException;
import io.metastate.lock.FencingToken;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Hands out fencing tokens from blocks reserved on disk: no token is returned before a high-water mark at or above
 * it has been written and synced. After a crash the next process starts above the mark, so tokens strictly increase
 * forever while a grant costs no fsync. The next block is reserved in the background once half of the current one is
 * used, so that a steady stream of grants never waits for the disk.
 */
final class TokenAllocator {
  static final long BLOCK = 16_384;

  private final Supplier<Tree> tree;
  private final GroupCommit commits;
  private final Executor background;
  private long next;
  /** Every token up to here is covered by a synced high-water mark. */
  private long durableUpTo;
  private boolean reserving;
  private CoordinationException lastFailure;
  /** Bumped by {@link #resumeAbove}, so that a reservation begun before a restart cannot publish after it. */
  private long generation;

  TokenAllocator(Supplier<Tree> tree, GroupCommit commits, Executor background) {
    this.tree = tree;
    this.commits = commits;
    this.background = background;
  }

  /** Continues above a persisted high-water mark: every token up to it may have been handed out. */
  synchronized void resumeAbove(long highWater) {
    generation++;
    next = highWater + 1;
    durableUpTo = highWater;
    reserving = false;
    lastFailure = null;
    notifyAll();
  }

  synchronized FencingToken next() {
    if (!reserving && durableUpTo - next < BLOCK / 2) {
      startReservation(durableUpTo + BLOCK);
    }
    boolean interrupted = false;
    while (next > durableUpTo) {
      if (!reserving) {
        CoordinationException failure = lastFailure;
        lastFailure = null;
        if (failure != null) {
          throw failure;
        }
        startReservation(durableUpTo + BLOCK);
      }
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true; // a grant in progress must finish; keep the flag for the caller
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return new FencingToken(next++);
  }

  /** Called with the monitor held. */
  private void startReservation(long highWater) {
    reserving = true;
    long gen = generation;
    tree.get().putMeta(Tree.TOKEN_HIGH_WATER, highWater);
    background.execute(() -> {
      CoordinationException failure = null;
      try {
        commits.awaitDurable(commits.applied(List.of()));
      } catch (CoordinationException e) {
        failure = e;
      } catch (RuntimeException e) {
        failure = new CoordinationException("reserving fencing tokens failed: " + e, false, e);
      }
      synchronized (this) {
        if (gen != generation) {
          return;
        }
        reserving = false;
        if (failure == null) {
          durableUpTo = Math.max(durableUpTo, highWater);
          lastFailure = null;
        } else {
          lastFailure = failure;
        }
        notifyAll();
      }
    });
  }
}
