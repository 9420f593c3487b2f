package io.metastate.localfile;

import io.metastate.error.ConnectionLossException;
import io.metastate.state.WatchEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Makes writes durable, many at a time. A writer applies its change to the MVStore maps, calls {@link #applied},
 * then {@link #awaitDurable}. The first waiter finding no commit in progress becomes the committer: it commits and
 * syncs once for every write applied so far, while writers arriving meanwhile queue for the next round. A lone
 * writer thus commits on its own thread (no hand-off), and N concurrent writers share one fsync.
 *
 * <p>A commit must never see half of a change: MVStore persists whatever the maps hold when it commits, so a change
 * applied while a commit runs could be persisted half-written (half a multi, an ephemeral node without its index
 * entry, a node whose revision is above the stored counter), and a kill -9 before the next commit would leave it so.
 * Writers therefore apply through {@link #apply}, and the committer takes the same short lock around the commit
 * only: the fsync, the slow part, still runs while the next writers apply.
 *
 * <p>After each sync the committer publishes the watch events of the writes it made durable, in sequence order,
 * which is revision order because {@link #apply} is called under the store's write lock.
 */
final class GroupCommit {
  /** The two steps of making applied changes durable. */
  interface Durability {
    /** Writes everything applied so far to the file (MVStore commit); called while no change is being applied. */
    void commit();

    /** Forces what was committed to disk. */
    void sync();
  }

  private record Applied(long seq, List<WatchEvent> events) {}

  private final ReentrantLock lock = new ReentrantLock();
  /** Held by a writer while it changes the maps and by the committer while it commits; never while waiting. */
  private final ReentrantLock applying = new ReentrantLock();
  private final Condition roundDone = lock.newCondition();
  private final Durability durability;
  private final Consumer<List<WatchEvent>> publisher;
  private final Consumer<List<WatchEvent>> uncertain;
  private final ArrayDeque<Applied> unpublished = new ArrayDeque<>();
  private long appliedSeq;
  private long durableSeq;
  private long failedUpTo;
  private RuntimeException lastFailure;
  private boolean committing;

  /**
   * @param publisher receives the events of each durable change, in order
   * @param uncertain receives the events of a failed round: its changes are visible and may become durable later,
   *     so their watches must not simply miss them
   */
  GroupCommit(Durability durability, Consumer<List<WatchEvent>> publisher, Consumer<List<WatchEvent>> uncertain) {
    this.durability = durability;
    this.publisher = publisher;
    this.uncertain = uncertain;
  }

  /**
   * Applies a change to the maps, never concurrently with a commit, and records it with its watch events; returns
   * the ticket to pass to {@link #awaitDurable}.
   */
  long apply(Runnable change, List<WatchEvent> events) {
    applying.lock();
    try {
      change.run();
    } finally {
      applying.unlock();
    }
    return applied(events);
  }

  /** Records a change already applied to the maps; returns the ticket to pass to {@link #awaitDurable}. */
  long applied(List<WatchEvent> events) {
    lock.lock();
    try {
      long seq = ++appliedSeq;
      if (!events.isEmpty()) {
        unpublished.add(new Applied(seq, events));
      }
      return seq;
    } finally {
      lock.unlock();
    }
  }

  /** The ticket of the latest applied change. */
  long lastApplied() {
    lock.lock();
    try {
      return appliedSeq;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns once the change with this ticket is on disk.
   *
   * @throws ConnectionLossException if the commit or sync failed: the change may or may not survive a restart
   */
  void awaitDurable(long seq) {
    lock.lock();
    try {
      while (durableSeq < seq) {
        if (committing) {
          // Uninterruptible: the change is applied already; the caller must learn whether it became durable.
          roundDone.awaitUninterruptibly();
          continue;
        }
        commitRound();
      }
      if (seq <= failedUpTo && lastFailure != null) {
        throw new ConnectionLossException("the write was applied but could not be made durable: " + lastFailure
            + "; it may be missing after a restart. Check the disk under metastate.localfile.dir", lastFailure);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Called with the lock held; releases it during the commit so writers can queue behind us. */
  private void commitRound() {
    committing = true;
    long target = appliedSeq;
    List<List<WatchEvent>> batch = new ArrayList<>();
    while (!unpublished.isEmpty() && unpublished.peek().seq() <= target) {
      batch.add(unpublished.poll().events());
    }
    RuntimeException failure = null;
    lock.unlock();
    try {
      applying.lock();
      try {
        durability.commit();
      } finally {
        applying.unlock();
      }
      durability.sync();
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      lock.lock();
      committing = false;
      durableSeq = target;
      if (failure != null) {
        failedUpTo = target;
        lastFailure = failure;
        List<WatchEvent> lost = new ArrayList<>();
        batch.forEach(lost::addAll);
        if (!lost.isEmpty()) {
          uncertain.accept(lost);
        }
      } else {
        // Published under the lock so that consecutive rounds hand events over in order (failed ones too).
        batch.forEach(publisher);
      }
      roundDone.signalAll();
    }
  }
}
