package io.metastate.localfile;

import io.metastate.lock.FencingToken;
import java.util.List;
import java.util.function.Supplier;

/**
 * Hands out fencing tokens from blocks reserved on disk: before the first token of a block is returned, the block's
 * upper end is written and synced as the high-water mark. After a crash the next process starts above the mark, so
 * tokens strictly increase forever while a grant costs no fsync (one per {@value #BLOCK} grants).
 */
final class TokenAllocator {
  static final long BLOCK = 1024;

  private final Supplier<Tree> tree;
  private final GroupCommit commits;
  private long next;
  private long reservedUpTo;

  TokenAllocator(Supplier<Tree> tree, GroupCommit commits) {
    this.tree = tree;
    this.commits = commits;
  }

  /** Continues above a persisted high-water mark: every token up to it may have been handed out. */
  synchronized void resumeAbove(long highWater) {
    next = highWater + 1;
    reservedUpTo = highWater;
  }

  synchronized FencingToken next() {
    if (next > reservedUpTo) {
      long newHighWater = reservedUpTo + BLOCK;
      tree.get().putMeta(Tree.TOKEN_HIGH_WATER, newHighWater);
      commits.awaitDurable(commits.applied(List.of()));
      reservedUpTo = newHighWater;
    }
    return new FencingToken(next++);
  }
}
