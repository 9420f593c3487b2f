package io.metastate.zookeeper;

import io.metastate.lock.FencingToken;
import io.metastate.lock.LockInfo;
import io.metastate.provider.support.LockDirectory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Reading the lock table (who holds a name, with which token; every held lock under a prefix) and the admin's
 * force-release (names already validated by the service): the head of a lock's queue is its holder, its czxid the token, its data the owner id.
 */
record ZkLockInfo(ZkClient client, ZkLockDriver driver) implements LockDirectory {
  @Override
  public Optional<LockInfo> query(String name) {
    ZooKeeper zk = client.zk();
    try {
      return holder(zk, name);
    } catch (KeeperException e) {
      throw client.fail(e, name, -1);
    } catch (InterruptedException e) {
      throw Errors.interrupted(name, e);
    }
  }

  private Optional<LockInfo> holder(ZooKeeper zk, String name) throws KeeperException, InterruptedException {
    String dir = driver.dir(name);
    while (true) {
      List<String> queue = LockNodes.queue(driver.queue().children(zk, dir));
      if (queue.isEmpty()) {
        return Optional.empty();
      }
      Stat stat = new Stat();
      try {
        String head = dir + "/" + queue.get(0);
        byte[] data = client.send(() -> zk.getData(head, false, stat));
        String owner = data == null ? "" : new String(data, StandardCharsets.UTF_8);
        return Optional.of(new LockInfo(name, owner, stat.getEphemeralOwner(), new FencingToken(stat.getCzxid())));
      } catch (KeeperException.NoNodeException released) {
        // the holder left between the two reads: look again
      }
    }
  }

  @Override
  public List<LockInfo> list(String prefix) {
    ZooKeeper zk = client.zk();
    int slash = prefix.lastIndexOf('/');
    String base = slash < 0 ? "" : prefix.substring(0, slash);
    List<LockInfo> out = new ArrayList<>();
    try {
      walk(zk, base, prefix, out);
    } catch (KeeperException e) {
      throw client.fail(e, prefix, -1);
    } catch (InterruptedException e) {
      throw Errors.interrupted(prefix, e);
    }
    out.sort(Comparator.comparing(LockInfo::name));
    return out;
  }

  private void walk(ZooKeeper zk, String name, String prefix, List<LockInfo> out)
      throws KeeperException, InterruptedException {
    String dir = name.isEmpty() ? client.settings().locksRoot() : driver.dir(name);
    List<String> children = driver.queue().children(zk, dir);
    if (!name.isEmpty() && name.startsWith(prefix) && !LockNodes.queue(children).isEmpty()) {
      holder(zk, name).ifPresent(out::add);
    }
    for (String child : children) {
      if (!LockNodes.isLockNode(child)) {
        walk(zk, name.isEmpty() ? child : name + "/" + child, prefix, out);
      }
    }
  }

  @Override
  public boolean forceRelease(String name) {
    ZooKeeper zk = client.zk();
    String dir = driver.dir(name);
    try {
      List<String> queue = LockNodes.queue(driver.queue().children(zk, dir));
      if (queue.isEmpty()) {
        return false;
      }
      String head = dir + "/" + queue.get(0);
      client.send(() -> {
        zk.delete(head, -1);
        return null;
      });
      return true;
    } catch (KeeperException.NoNodeException released) {
      return false;
    } catch (KeeperException e) {
      throw client.fail(e, name, -1);
    } catch (InterruptedException e) {
      throw Errors.interrupted(name, e);
    }
  }
}
