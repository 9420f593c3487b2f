package io.metastate.zookeeper;

import io.metastate.error.CoordinationException;
import io.metastate.error.LeaseLostException;
import io.metastate.lock.FencingToken;
import io.metastate.provider.support.ClaimLease;
import io.metastate.provider.support.LockDriver;
import io.metastate.provider.support.QueuePosition;
import io.metastate.session.SessionState;
import java.util.List;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * The lock queue on ZooKeeper, in Curator's InterProcessMutex layout: a claim is an ephemeral sequential protected
 * node, the lowest sequence holds the lock, and a waiter watches the node just before its own (a watch, never
 * polling). Connection loss is handled here: a create whose reply was lost is found again by its protected id after a
 * {@code sync} (the server we reconnect to may lag), and leftovers of it are deleted; nodes we could not delete are
 * {@link ZkOrphans}, deleted once we are back.
 */
final class ZkLockDriver implements LockDriver<ZkClaim, String> {
  private final ZkClient client;
  private final String root;
  private final ZkLockQueue queue;
  private final ZkOrphans orphans;

  ZkLockDriver(ZkClient client) {
    this.client = client;
    this.root = client.settings().locksRoot();
    this.queue = new ZkLockQueue(client);
    this.orphans = new ZkOrphans(client, queue);
  }

  /** Requests on the lock directories. */
  ZkLockQueue queue() {
    return queue;
  }

  ZkOrphans orphans() {
    return orphans;
  }

  String dir(String name) {
    return root + "/" + name;
  }

  @Override
  public ZkClaim claim(String name, boolean onlyIfFree, Runnable wake) {
    ZooKeeper zk = client.zk();
    ZkClaim claim = new ZkClaim(name, dir(name), wake);
    try {
      if (onlyIfFree && !LockNodes.queue(queue.children(zk, claim.dir)).isEmpty()) {
        return null; // someone holds it or waits: no need to queue and withdraw
      }
      claim.createUnknown = true;
      claim.created = queue.createNode(zk, claim.dir, claim.prefix);
      claim.createUnknown = false;
      return claim;
    } catch (KeeperException e) {
      if (claim.createUnknown && isLoss(e)) {
        if (!onlyIfFree) {
          return claim; // checkHead finds out whether the create happened
        }
        orphans.add(claim.dir, claim.prefix); // the create may have happened: remove it once we are back
      }
      throw client.fail(e, name, -1);
    } catch (InterruptedException e) {
      if (claim.createUnknown) {
        orphans.add(claim.dir, claim.prefix); // removed by the cleanup, not by this interrupted thread
      }
      throw Errors.acquireInterrupted(name, e);
    }
  }

  @Override
  public FencingToken token(ZkClaim claim) {
    return new FencingToken(claim.created.czxid());
  }

  @Override
  public QueuePosition<String> checkHead(ZkClaim claim) {
    try {
      ZooKeeper zk = client.zk();
      if (claim.created == null && claim.createUnknown) {
        claim.created = findOurs(zk, claim); // a create lost with the connection may have succeeded: our node
        claim.createUnknown = false;
      }
      if (claim.created == null) {
        claim.createUnknown = true;
        claim.created = queue.createNode(zk, claim.dir, claim.prefix);
        claim.createUnknown = false;
      }
      while (true) {
        // The grant watch goes on with the first look only: it stays armed until the directory changes, and a
        // waiter's later looks would only add notifications nobody needs.
        List<String> contenders = LockNodes.queue(claim.grantWatchSet ? queue.children(zk, claim.dir)
            : queue.children(zk, claim.dir, claim.grantWatch));
        claim.grantWatchSet = true;
        if (removeLeftovers(zk, claim, contenders)) {
          continue;
        }
        int index = contenders.indexOf(claim.created.child());
        if (index < 0) {
          throw new LeaseLostException(claim.name, "our waiting node " + claim.node() + " was deleted by someone else");
        }
        return index == 0 ? QueuePosition.head() : QueuePosition.behind(claim.dir + "/" + contenders.get(index - 1));
      }
    } catch (KeeperException e) {
      throw failed(claim, e);
    } catch (InterruptedException e) {
      throw Errors.acquireInterrupted(claim.name, e);
    }
  }

  @Override
  public boolean watchPredecessor(ZkClaim claim, String predecessor) {
    try {
      ZooKeeper zk = client.zk();
      return client.send(() -> zk.exists(predecessor, claim.predecessorGone)) != null;
    } catch (KeeperException e) {
      throw failed(claim, e);
    } catch (InterruptedException e) {
      throw Errors.acquireInterrupted(claim.name, e);
    }
  }

  /** Maps a failed step; after a connection loss the claim is checked again once we are connected. */
  private CoordinationException failed(ZkClaim claim, KeeperException e) {
    if (isLoss(e) && client.zkSession().reportedState() == SessionState.CONNECTED) {
      claim.wake.run(); // reconnected before we heard of the loss: nobody else will wake us
    }
    return client.fail(e, claim.name, -1);
  }

  private static boolean isLoss(KeeperException e) {
    return e.code() == KeeperException.Code.CONNECTIONLOSS || e.code() == KeeperException.Code.OPERATIONTIMEOUT;
  }

  /**
   * Deletes any other node of ours in the queue: a create we took for lost that the server applied after all. Left
   * there, it would stand ahead of us (or take the lock nobody holds) for the session's life.
   *
   * @return whether one was deleted (look at the queue again)
   */
  private boolean removeLeftovers(ZooKeeper zk, ZkClaim claim, List<String> contenders)
      throws KeeperException, InterruptedException {
    boolean removed = false;
    for (String child : contenders) {
      if (!child.equals(claim.created.child()) && LockNodes.isOurs(child, claim.prefix)) {
        orphans.delete(zk, claim.dir + "/" + child);
        removed = true;
      }
    }
    return removed;
  }

  /** Our node, if a create whose reply we lost was applied; the scan is synced (see ZkLockQueue#syncedChildren). */
  private ZkLockQueue.Created findOurs(ZooKeeper zk, ZkClaim claim) throws KeeperException, InterruptedException {
    for (String child : queue.syncedChildren(zk, claim.dir)) {
      if (LockNodes.isOurs(child, claim.prefix)) {
        Stat stat = client.send(() -> zk.exists(claim.dir + "/" + child, false));
        if (stat != null && stat.getEphemeralOwner() == client.sessionId()) {
          return new ZkLockQueue.Created(claim.dir + "/" + child, stat.getCzxid());
        }
      }
    }
    return null;
  }

  @Override
  public void withdraw(ZkClaim claim) {
    if (claim.created != null) {
      orphans.deleteQuietly(claim.dir, claim.node(), claim.prefix);
    } else if (claim.createUnknown) {
      orphans.add(claim.dir, claim.prefix);
    }
  }

  @Override
  public void release(ClaimLease<ZkClaim> lease) {
    ZkClaim claim = lease.claim();
    claim.releasing = true;
    try {
      ZooKeeper zk = client.zk();
      client.send(() -> {
        zk.delete(claim.node(), -1);
        return null;
      });
    } catch (KeeperException.NoNodeException gone) {
      // already deleted (force-released): releasing is idempotent
    } catch (KeeperException e) {
      if (isLoss(e)) {
        outcomeUnknown(lease);
      } else {
        claim.releasing = false;
      }
      throw client.fail(e, lease.name(), -1);
    } catch (InterruptedException e) {
      outcomeUnknown(lease);
      throw Errors.interrupted(lease.name(), e);
    } catch (RuntimeException e) {
      claim.releasing = false;
      throw e;
    }
  }

  /**
   * The delete may or may not have happened. The lease reads UNCERTAIN and leaves the session's table, so that the
   * session may ask for the lock again; the orphan cleanup deletes the node once we are back and then makes the lease
   * RELEASED, or the session's end ends it.
   */
  private void outcomeUnknown(ClaimLease<ZkClaim> lease) {
    lease.detach();
    orphans.add(lease.claim().node(), lease);
  }

  @Override
  public void reconnected() {
    client.executor().execute(orphans::clean);
  }
}
