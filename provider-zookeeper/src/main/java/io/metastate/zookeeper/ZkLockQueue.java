package io.metastate.zookeeper;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * The requests a lock makes on its directory (see {@link LockNodes} for the layout): creating our contender node, and
 * reading the queue of contenders.
 */
final class ZkLockQueue {
  private final ZkClient client;
  private final byte[] ownerData;

  ZkLockQueue(ZkClient client) {
    this.client = client;
    this.ownerData = client.settings().ownerId().getBytes(StandardCharsets.UTF_8);
  }

  /** Creates our contender node, and any missing directory (as containers, like Curator). */
  Created createNode(ZooKeeper zk, String dir, String prefix) throws KeeperException, InterruptedException {
    String path = dir + "/" + prefix;
    for (int attempt = 0; ; attempt++) {
      Stat stat = new Stat();
      try {
        String actual = client.send(() -> zk.create(path, ownerData, client.acl(), CreateMode.EPHEMERAL_SEQUENTIAL, stat));
        client.seen(stat.getCzxid());
        return new Created(actual, stat.getCzxid());
      } catch (KeeperException.NoNodeException e) {
        if (attempt > 10) {
          throw e;
        }
        client.createParents(zk, path, CreateMode.CONTAINER); // a container may also vanish when emptied
      }
    }
  }

  record Created(String node, long czxid) {
    String child() {
      return node.substring(node.lastIndexOf('/') + 1);
    }
  }

  /**
   * The children of {@code dir} after a {@code sync}: ZooKeeper serves reads from the server we are connected to, which
   * may be behind the leader (after a reconnect, another server); without the sync a create of ours whose reply was
   * lost may be committed and still missing from the answer, and we would wait behind our own leftover node.
   */
  List<String> syncedChildren(ZooKeeper zk, String dir) throws KeeperException, InterruptedException {
    try {
      client.send(() -> {
        zk.sync(dir);
        return null;
      });
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    }
    return children(zk, dir);
  }

  List<String> children(ZooKeeper zk, String dir) throws KeeperException, InterruptedException {
    try {
      return client.send(() -> zk.getChildren(dir, false));
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    }
  }

  /** The children of {@code dir}, leaving {@code watch} on them (see {@link ZkLease.GrantWatch}). */
  List<String> children(ZooKeeper zk, String dir, ZkLease.GrantWatch watch)
      throws KeeperException, InterruptedException {
    try {
      return client.send(() -> zk.getChildren(dir, watch));
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    }
  }
}
