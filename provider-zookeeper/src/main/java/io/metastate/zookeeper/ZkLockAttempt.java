package io.metastate.zookeeper;

import io.metastate.error.CoordinationException;
import io.metastate.error.LeaseLostException;
import io.metastate.lock.LockLease;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * One waiter in a lock's queue: creates its node, then waits for the node just before it to go (a watch, never
 * polling), and is granted the lock when its node is first. Steps run on the client's executor, one at a time.
 */
final class ZkLockAttempt {
  private final ZkLocks locks;
  private final String name;
  private final String dir;
  private final String prefix = LockNodes.newPrefix();
  private final LockFuture future = new LockFuture();
  private final Watcher predecessorGone;
  private final ZkLease.GrantWatch grantWatch = new ZkLease.GrantWatch();
  private boolean grantWatchSet;
  /** When a blocked caller drives the steps itself (sync acquire), wake-ups go to it instead of the executor. */
  private final boolean callerDriven;
  private final Semaphore wake = new Semaphore(0);
  private ZkLockQueue.Created created;
  private boolean createUnknown;
  private boolean finished;

  ZkLockAttempt(ZkLocks locks, String name, boolean callerDriven) {
    this.locks = locks;
    this.name = name;
    this.dir = locks.dir(name);
    this.callerDriven = callerDriven;
    this.predecessorGone = event -> {
      if (event.getType() != Watcher.Event.EventType.None) {
        poke();
      }
    };
  }

  /** Something changed: take another step (on the blocked caller's thread, or on the executor). */
  void poke() {
    if (callerDriven) {
      wake.release();
    } else {
      locks.client().executor().execute(this::step);
    }
  }

  /** For the blocked caller: waits until poked or until {@code nanos} pass. */
  void awaitPoke(long nanos) throws InterruptedException {
    if (wake.tryAcquire(nanos, TimeUnit.NANOSECONDS)) {
      wake.drainPermits();
    }
  }

  String name() {
    return name;
  }

  CompletableFuture<LockLease> future() {
    return future;
  }

  /** Makes progress: create our node if needed, then take the lock or watch our predecessor. */
  synchronized void step() {
    if (finished) {
      return;
    }
    try {
      ZooKeeper zk = locks.client().zk();
      if (created == null && createUnknown) {
        created = findOurs(zk); // a create lost with the connection may have succeeded: same session, our node
        createUnknown = false;
      }
      if (created == null) {
        createUnknown = true;
        created = locks.queue().createNode(zk, dir, prefix);
        createUnknown = false;
      }
      while (true) {
        // The grant watch goes on with the first look only: it stays armed until the directory changes, and a
        // waiter's later looks would only add notifications nobody needs.
        List<String> queue = LockNodes.queue(grantWatchSet ? locks.children(zk, dir)
            : locks.queue().children(zk, dir, grantWatch));
        grantWatchSet = true;
        if (removeLeftovers(zk, queue)) {
          continue;
        }
        int index = queue.indexOf(created.child());
        if (index < 0) {
          fail(new LeaseLostException(name, "our waiting node " + created.node() + " was deleted by someone else"));
          return;
        }
        if (index == 0) {
          granted();
          return;
        }
        String predecessor = dir + "/" + queue.get(index - 1);
        if (locks.client().send(() -> zk.exists(predecessor, predecessorGone)) != null) {
          return; // the watch calls step() again
        }
      }
    } catch (KeeperException e) {
      if (e.code() == KeeperException.Code.CONNECTIONLOSS || e.code() == KeeperException.Code.OPERATIONTIMEOUT) {
        if (locks.client().zkSession().reportedState() == io.metastate.session.SessionState.CONNECTED) {
          poke(); // reconnected before we heard of the loss
        }
        return; // otherwise the session calls step() again when it is CONNECTED
      }
      fail(locks.client().fail(e, name, -1));
    } catch (InterruptedException e) {
      fail(Errors.acquireInterrupted(name, e)); // sets the flag again; our node is removed (see removeNode)
    } catch (CoordinationException e) {
      fail(e);
    }
  }

  /**
   * Deletes any other node of ours in the queue: a create we took for lost that the server applied after all. Left
   * there, it would stand ahead of us (or take the lock nobody holds) for the session's life.
   *
   * @return whether one was deleted (look at the queue again)
   */
  private boolean removeLeftovers(ZooKeeper zk, List<String> queue) throws KeeperException, InterruptedException {
    boolean removed = false;
    for (String child : queue) {
      if (!child.equals(created.child()) && LockNodes.isOurs(child, prefix)) {
        try {
          locks.client().send(() -> {
            zk.delete(dir + "/" + child, -1);
            return null;
          });
        } catch (KeeperException.NoNodeException gone) {
          // deleted meanwhile: fine
        }
        removed = true;
      }
    }
    return removed;
  }

  /** Our node, if a create whose reply we lost was applied; the scan is synced (see ZkLockQueue#syncedChildren). */
  private ZkLockQueue.Created findOurs(ZooKeeper zk) throws KeeperException, InterruptedException {
    for (String child : locks.queue().syncedChildren(zk, dir)) {
      if (LockNodes.isOurs(child, prefix)) {
        org.apache.zookeeper.data.Stat stat = locks.client().send(() -> zk.exists(dir + "/" + child, false));
        if (stat != null && stat.getEphemeralOwner() == locks.client().sessionId()) {
          return new ZkLockQueue.Created(dir + "/" + child, stat.getCzxid());
        }
      }
    }
    return null;
  }

  private void granted() {
    finished = true;
    LockLease lease = locks.grant(name, this, created, grantWatch);
    if (!future.complete(lease)) {
      lease.release(); // cancelled while we were granted
    }
  }

  /** Ends the attempt with an error; removes our node if the session still lives. */
  synchronized void fail(CoordinationException e) {
    if (finished) {
      return;
    }
    finished = true;
    locks.forget(name, this);
    future.completeExceptionally(e);
    wake.release();
    removeNode();
  }

  /** Withdraws the waiter (timeout or cancel). A grant that won the race stays with the future's owner. */
  synchronized void withdraw() {
    if (!future.isDone()) {
      future.cancel(false); // comes back here (re-entrant) through LockFuture.cancel
    }
    if (finished) {
      return;
    }
    finished = true;
    locks.forget(name, this);
    removeNode();
  }

  private void removeNode() {
    if (created != null) {
      locks.deleteQuietly(dir, created.node(), prefix);
    } else if (createUnknown) {
      locks.addOrphan(dir, prefix);
    }
  }

  /** Cancelling withdraws the waiter before returning, so the next contender is not left waiting on us. */
  private final class LockFuture extends CompletableFuture<LockLease> {
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        withdraw();
      }
      return cancelled;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
      return new CompletableFuture<>();
    }
  }
}
